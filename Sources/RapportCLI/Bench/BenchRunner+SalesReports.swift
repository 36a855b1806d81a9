import Foundation
import NIOHTTP1
import RapportDomain

/// Server time of the order-to-cash reports as the administrator (the whole tenant in scope):
/// receivables aging, forecast, funnel and win/loss. The demo's deals close in the 18 months
/// before 2026-11-01 and the six after; they were all created when the demo was loaded.
extension BenchRunner {
    func measureSalesReports(_ client: BenchClient, _ report: inout BenchReport) async throws {
        let pipelines = try await client.expectOK(.GET, "/api/v1/pipelines").body["data"]?.arrayValue ?? []
        guard let pipeline = (pipelines.first { $0["isDefault"] == .bool(true) } ?? pipelines.first)?["id"]?.stringValue else {
            throw BenchError("The demo tenant has no pipeline.")
        }
        // The reports' own default period is this quarter; a year asks for four times the deals.
        let year = "from=2026-01-01&to=2026-12-31"
        let lastYear = "from=2025-11-01&to=2026-10-31"
        let reports: [(String, String)] = [
            ("receivables aging by account (100 largest)", "/api/v1/reports/aging?groupBy=account"),
            ("receivables aging by owner", "/api/v1/reports/aging?groupBy=owner"),
            ("forecast, this quarter", "/api/v1/reports/forecast"),
            ("forecast, 2026", "/api/v1/reports/forecast?\(year)"),
            ("funnel, this quarter", "/api/v1/reports/funnel?pipelineId=\(pipeline)"),
            ("win/loss by owner, this quarter", "/api/v1/reports/win-loss?dimension=owner"),
            ("win/loss by product, this quarter", "/api/v1/reports/win-loss?dimension=product"),
            ("win/loss by owner, 12 months", "/api/v1/reports/win-loss?dimension=owner&\(lastYear)"),
            ("win/loss by lost reason, 12 months", "/api/v1/reports/win-loss?dimension=lostReason&\(lastYear)"),
            ("win/loss by product, 12 months", "/api/v1/reports/win-loss?dimension=product&\(lastYear)"),
        ]
        let (worst, details) = try await slowest(reports, client, samples: max(10, self.samples / 20))
        report.figures.append(BenchFigure(name: "sales reports, slowest p95 (server time)", value: worst, unit: "ms p95",
                                          goal: "≤ 200 ms", met: worst <= 200, detail: details))
    }

    /// The worst p95 server time of the paths (label, path), each asked `samples` times after one
    /// first request (its time, from pages not yet in memory, is shown apart: "label 12.3 (first 45.6)").
    func slowest(_ paths: [(String, String)], _ client: BenchClient, samples: Int) async throws -> (Double, String) {
        var worst = 0.0
        var details: [String] = []
        for (label, path) in paths {
            let first = try await client.expectOK(.GET, path).serverMilliseconds
            var latencies = LatencySamples()
            for _ in 0..<samples {
                latencies.add(try await client.expectOK(.GET, path).serverMilliseconds)
            }
            let p95 = latencies.percentile(95)
            worst = max(worst, p95)
            details.append(String(format: "%@ %.1f (first %.1f)", label, p95, first))
        }
        return (worst, details.joined(separator: "; "))
    }
}
