extension Catalogue {
    /// Russian for the price book, sales settings and exchange rate pages.
    static let russianSalesSettingsMessages: [String: String] = [:]
}
