import RapportDomain

extension RecordView {
    /// What a sales document or price book shows beyond its fields: lines, prices, next steps.
    func salesSections() -> HTML? {
        switch model.entity.name {
        case "quote": QuoteDocumentView(model: model).render()
        case "pricebook": PriceBookEntriesView(model: model).render()
        default: nil
        }
    }
}
