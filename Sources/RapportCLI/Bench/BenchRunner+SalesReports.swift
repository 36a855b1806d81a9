import Foundation
import NIOHTTP1
import RapportDomain

/// Server time of the order-to-cash reports as the administrator (the whole tenant in scope):
/// receivables aging, forecast, funnel and win/loss over the demo's two years of deals.
extension BenchRunner {
    func measureSalesReports(_ client: BenchClient, _ report: inout BenchReport) async throws {
        let pipelines = try await client.expectOK(.GET, "/api/v1/pipelines").body["data"]?.arrayValue ?? []
        guard let pipeline = (pipelines.first { $0["isDefault"] == .bool(true) } ?? pipelines.first)?["id"]?.stringValue else {
            throw BenchError("The demo tenant has no pipeline.")
        }
        let period = "from=2024-11-01&to=2027-04-30"
        let reports: [(String, String)] = [
            ("receivables aging by account", "/api/v1/reports/aging?groupBy=account"),
            ("receivables aging by owner", "/api/v1/reports/aging?groupBy=owner"),
            ("forecast", "/api/v1/reports/forecast?\(period)"),
            ("funnel", "/api/v1/reports/funnel?pipelineId=\(pipeline)&\(period)"),
            ("win/loss by owner", "/api/v1/reports/win-loss?dimension=owner&\(period)"),
            ("win/loss by lost reason", "/api/v1/reports/win-loss?dimension=lostReason&\(period)"),
            ("win/loss by product", "/api/v1/reports/win-loss?dimension=product&\(period)"),
        ]
        let (worst, details) = try await slowest(reports, client, samples: max(10, self.samples / 20))
        report.figures.append(BenchFigure(name: "sales reports, slowest p95 (server time)", value: worst, unit: "ms p95",
                                          goal: "≤ 200 ms", met: worst <= 200, detail: details))
    }

    /// The worst p95 server time of the paths (label, path), each asked `samples` times, and
    /// each path's p95 ("label 12.3; …").
    func slowest(_ paths: [(String, String)], _ client: BenchClient, samples: Int) async throws -> (Double, String) {
        var worst = 0.0
        var details: [String] = []
        for (label, path) in paths {
            var latencies = LatencySamples()
            for _ in 0..<samples {
                latencies.add(try await client.expectOK(.GET, path).serverMilliseconds)
            }
            let p95 = latencies.percentile(95)
            worst = max(worst, p95)
            details.append(String(format: "%@ %.1f", label, p95))
        }
        return (worst, details.joined(separator: "; "))
    }
}
