extension Catalogue {
    /// English for the price book, sales settings and exchange rate pages.
    static let englishSalesSettingsMessages: [String: String] = [:]
}
