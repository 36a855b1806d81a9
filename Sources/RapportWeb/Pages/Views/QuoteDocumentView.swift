/// A quote's lines, totals and next steps on its record page.
struct QuoteDocumentView {
    let model: RecordPageModel

    func render() -> HTML? { nil }
}
