import Foundation
import NIOConcurrencyHelpers

/// Request counters and latency histograms in Prometheus text format.
public final class Metrics: Sendable {
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Series: Hashable { let method: String; let route: String; let status: Int }
    private struct Histogram { var counts = [Int](repeating: 0, count: Metrics.buckets.count); var sum = 0.0; var count = 0 }

    private let state = NIOLockedValueBox<[Series: Histogram]>([:])

    public init() {}

    func record(method: String, route: String, status: Int, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLockedValue { series in
            var histogram = series[Series(method: method, route: route, status: status)] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            series[Series(method: method, route: route, status: status)] = histogram
        }
    }

    public func render() -> String {
        var out = "# HELP rapport_http_requests_total HTTP requests served.\n# TYPE rapport_http_requests_total counter\n"
        let snapshot = state.withLockedValue { $0 }.sorted { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }
        for (series, histogram) in snapshot {
            out += "rapport_http_requests_total{\(labels(series))} \(histogram.count)\n"
        }
        out += "# HELP rapport_http_request_duration_seconds Time to answer HTTP requests.\n# TYPE rapport_http_request_duration_seconds histogram\n"
        for (series, histogram) in snapshot {
            for (index, bound) in Self.buckets.enumerated() {
                out += "rapport_http_request_duration_seconds_bucket{\(labels(series)),le=\"\(bound)\"} \(histogram.counts[index])\n"
            }
            out += "rapport_http_request_duration_seconds_bucket{\(labels(series)),le=\"+Inf\"} \(histogram.count)\n"
            out += "rapport_http_request_duration_seconds_sum{\(labels(series))} \(histogram.sum)\n"
            out += "rapport_http_request_duration_seconds_count{\(labels(series))} \(histogram.count)\n"
        }
        out += "# HELP rapport_process_resident_memory_bytes Resident memory.\n# TYPE rapport_process_resident_memory_bytes gauge\n"
        out += "rapport_process_resident_memory_bytes \(Self.residentBytes())\n"
        return out
    }

    private func labels(_ series: Series) -> String {
        "method=\"\(series.method)\",route=\"\(series.route.replacingOccurrences(of: "\"", with: ""))\",status=\"\(series.status)\""
    }

    /// Resident set size from /proc (Linux), 0 elsewhere.
    public static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
