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

    @Test("Each report's filter form keeps every label in one group with its field, so the two never wrap apart",
          arguments: ["forecast", "win-loss", "funnel", "plan-vs-actual", "activity", "aging"])
    func filterLabelsStayWithFields(report: String) async throws {
        try await APITestContext.with { context in
            // MUT
            let page = try await context.page("/reports/\(report)", as: "manager")
            // validate
            #expect(page.status == .ok)
            let form = try #require(page.text.range(of: "<form method=\"get\" action=\"/reports/\(report)\"").flatMap { start in
                page.text[start.lowerBound...].range(of: "</form>").map { String(page.text[start.lowerBound..<$0.upperBound]) }
            })
            let labels = form.matches(of: /<label for="([a-z-]+)">/).map { String($0.output.1) }
            #expect(labels.count >= 5, "\(form)")
            for id in labels {
                let grouped = try Regex(#"<div class="filter"><label for="\#(id)">[^<]*</label>\s*<(select|input) id="\#(id)"[^>]*>(?:(?!</div>).)*?</div>"#)
                    .dotMatchesNewlines()
                #expect(form.contains(grouped), "\(report): \(id) is not grouped with its field")
            }
        }
    }
}
