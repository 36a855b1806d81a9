import Foundation
import RapportDomain
import RapportPersistence

/// A price book's prices and volume tiers on its record page, with their editor for those who may
/// change price books: a plain form with the stored tiers plus blank rows, saved as a whole.
struct PriceBookEntriesView {
    /// One row of the editor as typed, so that a refused row shows what was entered.
    struct Row: Sendable, Equatable {
        var productId = ""
        var minQuantity = ""
        var unitPrice = ""

        var isBlank: Bool { productId.trimmed.isEmpty && minQuantity.trimmed.isEmpty && unitPrice.trimmed.isEmpty }
    }

    /// The rows sent and, by row index, why they were refused.
    struct Refusal: Sendable {
        var rows: [Row]
        var messages: [Int: [String]]
        /// About the form as a whole (the book changed meanwhile, a refusal without a row).
        var formMessage: String?
    }

    static let blankRows = 3

    let context: PageContext
    let book: Record
    let entity: EntityDefinition
    let entries: [PriceBookEntry]
    let products: [(id: UUID, name: String)]
    var refusal: Refusal?

    private var text: Catalogue { context.text }
    private var currency: CurrencyCode? { book["currency"].textValue.flatMap(CurrencyCode.init) }
    private var mayEdit: Bool { context.principal.mayWrite(entity) }

    init(context: PageContext, book: Record, entity: EntityDefinition, entries: [PriceBookEntry], products: [(id: UUID, name: String)], refusal: Refusal? = nil) {
        self.context = context
        self.book = book
        self.entity = entity
        self.entries = entries
        self.products = products
        self.refusal = refusal
    }

    init(model: RecordPageModel) {
        self.init(context: model.context, book: model.record, entity: model.entity, entries: model.sales?.entries ?? [],
                  products: model.sales?.products ?? [])
    }

    /// The section of the record page.
    func render() -> HTML? {
        """
        <section class="card wide" id="entries" aria-labelledby="entries-title"><h2 id="entries-title">\(text["pricebook.entries"])</h2>
        \(table())
        \(mayEdit ? editor() : nil)
        </section>
        """
    }

    /// The book's page when saving its prices was refused: the editor with each problem next to its row.
    func refusedPage() -> HTML {
        let title = ReferenceNames.title(of: book)
        return Layout.page(context, title: title, section: .pricebooks, body: """
            <nav aria-label="breadcrumb" class="muted"><a href="\(SiteURL.list(entity).path)">\(text.entityPlural(entity))</a> ›
            <a href="\(SiteURL.record(entity, book.id).path)">\(title)</a></nav>
            <h1>\(title)</h1>
            \(render())
            """)
    }

    // MARK: Pieces

    private func table() -> HTML {
        guard !entries.isEmpty else { return "<p class=\"empty\">\(text["pricebook.noEntries"])</p>" }
        let names = Dictionary(products.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let sorted = entries.sorted { (names[$0.productId] ?? "", $0.minQuantity) < (names[$1.productId] ?? "", $1.minQuantity) }
        let rows: [HTML] = sorted.map { entry in
            """
            <tr><td>\(names[entry.productId] ?? entry.productId.lowercaseString)</td>
            <td class="number">\(context.format.decimal(entry.minQuantity))</td><td class="number money">\(price(entry.unitPrice))</td></tr>
            """
        }
        return """
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="entries-title"><table class="records lines"><thead><tr>
            <th scope="col">\(text["pricebook.product"])</th><th scope="col" class="number">\(text["pricebook.minQuantity"])</th>
            <th scope="col" class="number">\(text["pricebook.unitPrice"])</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    /// In the book's currency; a price finer than the currency's minor unit (0.0125 EUR) keeps its digits.
    private func price(_ amount: Decimal) -> String {
        guard let currency else { return context.format.decimal(amount) }
        guard amount.roundedHalfAwayFromZero(toPlaces: currency.minorDigits) == amount else {
            return "\(context.format.decimal(amount)) \(currency.code)"
        }
        return context.format.money(Money(amount: amount, currency: currency))
    }

    private func editor() -> HTML {
        let rows = refusal?.rows ?? (entries.map {
            Row(productId: $0.productId.lowercaseString, minQuantity: $0.minQuantity.plainString, unitPrice: $0.unitPrice.plainString)
        } + Array(repeating: Row(), count: Self.blankRows))
        let priceHeading = currency.map { text.format("pricebook.unitPriceIn", ["currency": $0.code]) } ?? text["pricebook.unitPrice"]
        return """
            <h3 id="entries-editor-title">\(text["pricebook.editEntries"])</h3>
            <p class="muted" id="entries-editor-hint">\(text["pricebook.editorHint"])</p>
            <form method="post" action="\(SiteURL.record(entity, book.id).path)/entries" aria-labelledby="entries-editor-title" aria-describedby="entries-editor-hint">
            \(Layout.csrfField(context))
            \(refusal?.formMessage.map { "<p class=\"field-error\" role=\"alert\">\($0)</p>" as HTML })
            <div class="table-wrap"><table class="records lines"><thead><tr>
            <th scope="col">\(text["pricebook.product"])</th><th scope="col">\(text["pricebook.minQuantity"])</th><th scope="col">\(priceHeading)</th>
            </tr></thead><tbody>\(rows.enumerated().map { editorRow($0.offset, $0.element) })</tbody></table></div>
            <p><button type="submit">\(text["pricebook.save"])</button></p>
            </form>
            """
    }

    private func editorRow(_ index: Int, _ row: Row) -> HTML {
        let id = "entry-\(index)"
        let rowLabel = text.format("pricebook.row", ["number": String(index + 1)])
        let messages = refusal?.messages[index] ?? []
        let invalid: HTML = messages.isEmpty ? .empty : "aria-invalid=\"true\" aria-describedby=\"\(id)-error\""
        var choices = products
        if let current = UUID(parsing: row.productId), !choices.contains(where: { $0.id == current }) {
            choices.insert((id: current, name: current.lowercaseString), at: 0)
        }
        let options: [HTML] = ["<option value=\"\">\(text["pricebook.chooseProduct"])</option>"] + choices.map { choice in
            let value = choice.id.lowercaseString
            return "<option value=\"\(value)\"\(value == row.productId.lowercased() ? HTML(trusted: " selected") : .empty)>\(choice.name)</option>"
        }
        let problems: HTML? = messages.isEmpty ? nil : """
            <tr><td colspan="3"><p class="field-error" id="\(id)-error">\(text.format("pricebook.rowProblems", ["number": String(index + 1), "problems": messages.joined(separator: " ")]))</p></td></tr>
            """
        return """
            <tr>
            <td><label class="sr" for="\(id)-product">\(rowLabel): \(text["pricebook.product"])</label>
            <select id="\(id)-product" name="productId.\(index)" \(invalid)>\(options)</select></td>
            <td><label class="sr" for="\(id)-from">\(rowLabel): \(text["pricebook.minQuantity"])</label>
            <input id="\(id)-from" name="minQuantity.\(index)" inputmode="decimal" size="8" value="\(row.minQuantity)" \(invalid)></td>
            <td><label class="sr" for="\(id)-price">\(rowLabel): \(text["pricebook.unitPrice"])</label>
            <input id="\(id)-price" name="unitPrice.\(index)" inputmode="decimal" size="10" value="\(row.unitPrice)" \(invalid)></td>
            </tr>
            \(problems)
            """
    }
}
