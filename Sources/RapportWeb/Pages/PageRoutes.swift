import RapportDomain
import Vapor

/// The web app's routes: public sign-in and assets, everything else behind the session.
enum PageRoutes {
    static func register(on app: Application) {
        app.get("assets", ":name", use: Assets.serve)
        app.get("sign-in", use: SignInController.show)
        app.post("sign-in", use: SignInController.submit)

        let pages = app.grouped(PageSessionMiddleware())
        pages.get(use: HomeController.show)
        pages.post("sign-out", use: SignInController.signOut)
        pages.get("me", use: ProfileController.show)
        pages.post("me", use: ProfileController.savePreferences)
        pages.post("me", "password", use: ProfileController.changePassword)
        pages.get("board", use: BoardController.show)
        pages.post("board", "move", use: BoardController.move)
        pages.get("calendar", use: CalendarController.show)
        pages.get("settings", use: SettingsPageController.show)
        pages.post("settings", "custom-fields", use: SettingsPageController.addCustomField)
        pages.post("settings", "lead-rule", use: SettingsPageController.setLeadRule)
        pages.post("settings", "users", use: SettingsPageController.addUser)
        pages.post("settings", "teams", use: SettingsPageController.addTeam)
        pages.post("settings", "partners", use: SettingsPageController.addPartner)
        pages.post("settings", "pipelines", use: SettingsPageController.addPipeline)
        pages.post("settings", "pipelines", ":id", "stages", use: SettingsPageController.addStage)
        pages.post("settings", "stages", ":id", use: SettingsPageController.updateStage)
        pages.post("settings", "stages", ":id", "move", use: SettingsPageController.moveStage)
        pages.post("settings", "users", ":id", use: SettingsPageController.changeUser)
        pages.post("settings", "users", ":id", "active", use: SettingsPageController.setUserActive)
        pages.get("leads", "inbox", use: LeadsController.inbox)
        pages.post("leads", ":id", "assign", use: LeadsController.assign)
        pages.get("leads", ":id", "convert", use: LeadsController.convertForm)
        pages.post("leads", ":id", "convert", use: LeadsController.convert)

        registerQuotes(on: pages)
        registerPriceBooks(on: pages)
        registerOrders(on: pages)
        registerInvoices(on: pages)
        registerExpenses(on: pages)

        for entity in Catalog.builtIn {
            let records = pages.grouped(PathComponent(stringLiteral: entity.plural))
            let name = entity.name
            records.get { try await ListController.show($0, name) }
            records.post { try await RecordPageController.create($0, name) }
            records.get("export.csv") { try await ListController.export($0, name) }
            records.post("bulk") { try await ListController.bulk($0, name) }
            records.post("views") { try await ListController.saveView($0, name) }
            records.post("views", ":viewId", "delete") { try await ListController.deleteView($0, name) }
            records.get("new") { try await RecordPageController.newForm($0, name) }
            records.get(":id") { try await RecordPageController.show($0, name) }
            records.get(":id", "edit") { try await RecordPageController.editForm($0, name) }
            records.post(":id", "edit") { try await RecordPageController.update($0, name) }
            records.post(":id", "fact") { try await RecordPageController.updateFact($0, name) }
            records.post(":id", "delete") { try await RecordPageController.delete($0, name) }
            records.post(":id", "activities") { try await RecordPageController.quickAdd($0, name) }
        }
    }
}
