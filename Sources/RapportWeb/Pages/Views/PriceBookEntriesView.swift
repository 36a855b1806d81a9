/// A price book's prices and volume tiers on its record page, with their editor.
struct PriceBookEntriesView {
    let model: RecordPageModel

    func render() -> HTML? { nil }
}
