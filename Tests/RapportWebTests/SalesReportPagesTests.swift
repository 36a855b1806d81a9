import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Sales report pages", .serialized)
struct SalesReportPagesTests {
    @Test("The forecast page draws its chart and table with the figures, exports them as CSV, and names a bad filter")
    func forecastPage() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let commit = try await fixture.stage(named: "Negotiation")
            _ = try await fixture.create("opportunity", #"{"name": "Commit deal", "stageId": "\#(commit)", "amount": {"amount": "2500", "currency": "USD"}, "expectedCloseDate": "2026-11-20", "forecastCategory": "commit"}"#, as: fixture.rep)
            try await context.setLanguage("ru", for: "manager")
            let page = try await context.page("/reports/forecast?from=2026-11-01&to=2026-11-30", as: "manager")
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg class=\"chart\""))
            #expect(page.text.contains("2\u{a0}500,00\u{a0}$"), "the commit figure in Russian format")
            #expect(page.text.contains(Catalogue(.russian)["report.commitForecast"]))
            let csv = try await context.page("/reports/forecast.csv?from=2026-11-01&to=2026-11-30", as: "manager")
            // Negotiation is 75 % by default: 2500 × 0.75 = 1875 weighted.
            #expect(csv.text.contains("rep,0.00,2500.00,0.00,0.00,1875.00,2500.00,2500.00,USD"), "\(csv.text)")
            let bad = try await context.page("/reports/forecast?from=2026-13-01", as: "manager")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("role=\"alert\""))
            let partner = try await context.page("/", as: "partner")
            #expect(!partner.text.contains("/reports/forecast"))
        }
    }
}
