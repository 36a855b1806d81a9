import RapportDomain
import Vapor

/// Every route of the server, in one place.
enum Routes {
    static func register(on app: Application) {
        app.get("health", use: OperationsController.health)
        app.get("ping", use: OperationsController.ping)
        app.get("metrics", use: OperationsController.metrics)

        let api = app.grouped("api", "v1")
        api.get("openapi.json", use: OpenAPIController.document)
        api.post("auth", "login", use: AuthController.login)

        let signedIn = api.grouped(TokenAuthenticationMiddleware())
        signedIn.post("auth", "logout", use: AuthController.logout)
        signedIn.get("me", use: AuthController.me)
        signedIn.get("api-keys", use: AuthController.listKeys)
        signedIn.post("api-keys", use: AuthController.createKey)
        signedIn.delete("api-keys", ":keyId", use: AuthController.revokeKey)
        signedIn.get("custom-fields", use: CustomFieldController.list)
        signedIn.post("custom-fields", use: CustomFieldController.create)
        signedIn.get("users", use: DirectoryController.users)
        signedIn.get("pipelines", use: DirectoryController.pipelines)
        signedIn.post("pipelines", use: PipelineSettingsController.createPipeline)
        signedIn.post("pipelines", ":id", "stages", use: PipelineSettingsController.addStage)
        signedIn.patch("stages", ":id", use: PipelineSettingsController.updateStage)
        signedIn.post("stages", ":id", "move", use: PipelineSettingsController.moveStage)
        signedIn.patch("users", ":id", use: UserAdminController.update)
        signedIn.get("reports", "pipeline", use: ReportController.pipeline)
        signedIn.get("settings", "sales", use: SalesSettingsController.get)
        signedIn.patch("settings", "sales", use: SalesSettingsController.update)
        signedIn.get("settings", use: SettingsController.get)
        signedIn.patch("settings", use: SettingsController.update)
        signedIn.get("jobs", use: JobController.list)
        signedIn.get("jobs", ":id", use: JobController.get)

        for entity in Catalog.builtIn {
            let records = signedIn.grouped(PathComponent(stringLiteral: entity.plural))
            let name = entity.name
            records.get { try await RecordController.list($0, name) }
            records.post { try await RecordController.create($0, name) }
            records.on(.POST, "bulk", body: .collect(maxSize: "32mb")) { try await BulkController.upsert($0, name) }
            records.get(":id") { RecordController.get($0, name) }
            records.patch(":id") { try await RecordController.update($0, name) }
            records.delete(":id") { try await RecordController.delete($0, name) }
            records.post(":id", "restore") { try await RecordController.restore($0, name) }
            records.get(":id", "history") { try await RecordController.history($0, name) }
            records.get(":id", "shares") { try await ShareController.list($0, name) }
            records.put(":id", "shares", ":userId") { try await ShareController.put($0, name) }
            records.delete(":id", "shares", ":userId") { try await ShareController.delete($0, name) }
        }
        signedIn.grouped("leads").post(":id", "convert", use: LeadConversionController.convert)
        registerSales(on: signedIn)

        PageRoutes.register(on: app)
    }
}
