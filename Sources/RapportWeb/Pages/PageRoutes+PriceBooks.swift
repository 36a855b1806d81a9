import Vapor

extension PageRoutes {
    /// Price book entries and the sales settings pages.
    static func registerPriceBooks(on pages: any RoutesBuilder) {
        pages.post("pricebooks", ":id", "entries", use: PriceBookPageController.saveEntries)
        pages.post("settings", "sales", use: SettingsPageController.saveSalesRules)
        pages.post("settings", "exchange-rates", use: SettingsPageController.saveExchangeRate)
        pages.post("settings", "exchange-rates", ":currency", ":date", "delete", use: SettingsPageController.deleteExchangeRate)
    }
}
