import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("CSV downloads", .serialized)
struct CSVDownloadTests {
    @Test("Every CSV download, API and page, is UTF-8 text/csv saved under its own file name; and none is kept by a shared cache")
    func headers() async throws {
        try await APITestContext.with { context in
            // setup
            let pipeline = try #require(try await PipelineStore(database: context.fixture.database).pipelines(tenantId: context.fixture.tenant.id).first?.id)
            let period = "from=2026-11-01&to=2026-11-30"
            let downloads: [(path: String, file: String)] = [
                ("/reports/forecast.csv?\(period)", "forecast.csv"),
                ("/reports/win-loss.csv?dimension=team&\(period)", "win-loss-team.csv"),
                ("/reports/funnel.csv?\(period)", "funnel.csv"),
                ("/reports/plan-vs-actual.csv?\(period)", "plan-vs-actual.csv"),
                ("/reports/activity.csv?bucket=day&\(period)", "activity-day.csv"),
                ("/reports/aging.csv?asOf=2026-11-30", "aging-2026-11-30.csv"),
                ("/accounts/export.csv", "accounts.csv"),
                ("/api/v1/reports/forecast.csv?\(period)", "forecast.csv"),
                ("/api/v1/reports/win-loss.csv?dimension=owner&\(period)", "win-loss-owner.csv"),
                ("/api/v1/reports/funnel.csv?pipelineId=\(pipeline)&\(period)", "funnel.csv"),
                ("/api/v1/reports/plan-vs-actual.csv?\(period)", "plan-vs-actual.csv"),
                ("/api/v1/reports/activity.csv?bucket=month&\(period)", "activity-month.csv"),
                ("/api/v1/reports/aging.csv?asOf=2026-11-30", "aging-2026-11-30.csv"),
            ]
            for download in downloads {
                // MUT
                let headers = download.path.hasPrefix("/api/")
                    ? try await context.send(.GET, download.path, as: "manager").headers
                    : try await context.page(download.path, as: "manager").headers
                // validate
                #expect(headers.first(name: .contentType) == "text/csv; charset=utf-8", "\(download.path)")
                #expect(headers.first(name: .contentDisposition) == "attachment; filename=\"\(download.file)\"", "\(download.path)")
                #expect(headers.first(name: .cacheControl) == "no-store", "\(download.path)")
            }
        }
    }
}
