import Vapor

extension PageRoutes {
    /// An expense's decision, and the administrators' reassignment of a leaver's records.
    static func registerExpenses(on pages: any RoutesBuilder) {
        pages.post("expenses", ":id", "decide", use: ExpensePageController.decide)
        pages.get("settings", "reassign", use: SettingsPageController.showReassign)
        pages.post("settings", "reassign", use: SettingsPageController.reassign)
    }
}
