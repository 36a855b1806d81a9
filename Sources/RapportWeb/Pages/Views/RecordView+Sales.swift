import RapportDomain

extension RecordView {
    /// What a sales document or price book shows beyond its fields: lines, prices, next steps.
    func salesSections() -> HTML? {
        switch model.entity.name {
        case "quote": QuoteDocumentView(model: model, errors: model.documentErrors).render()
        case "pricebook": PriceBookEntriesView(model: model).render()
        case "order": OrderDocumentView(model: model).render()
        case "invoice": InvoiceDocumentView(model: model).render()
        case "opportunity": CostOfSaleView(model: model).render()
        case "expense": ExpenseDocumentView(model: model).render()
        default: nil
        }
    }
}
