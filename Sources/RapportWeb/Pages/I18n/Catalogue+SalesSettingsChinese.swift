extension Catalogue {
    /// Chinese for the price book, sales settings and exchange rate pages.
    static let chineseSalesSettingsMessages: [String: String] = [:]
}
