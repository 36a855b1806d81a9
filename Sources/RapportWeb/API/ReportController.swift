import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Reports over the records the caller may see.
enum ReportController {
    static func pipeline(_ request: Request) async throws -> Response {
        let rows = try await PipelineReport(database: request.rapport.database).run(principal: try request.session.principal)
        return JSONIO.response(.object(JSONObject(["data": .array(rows.map(\.json))])))
    }
}
