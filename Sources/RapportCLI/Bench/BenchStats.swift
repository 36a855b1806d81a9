import Foundation

/// Latency samples in milliseconds.
struct LatencySamples {
    private(set) var values: [Double] = []

    mutating func add(_ milliseconds: Double) { values.append(milliseconds) }

    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var summary: String {
        String(format: "p50 %.2f ms, p95 %.2f ms, max %.2f ms (n=%d)", percentile(50), percentile(95), percentile(100), values.count)
    }
}

/// One measured figure against its goal.
struct BenchFigure {
    let name: String
    let value: Double
    let unit: String
    let goal: String
    let met: Bool
    let detail: String
}

struct BenchReport {
    var setup: [String] = []
    var figures: [BenchFigure] = []

    var table: String {
        var lines = setup
        lines.append("")
        lines.append("measure | figure | goal | met")
        lines.append("---|---|---|---")
        for figure in figures {
            lines.append("\(figure.name) | \(String(format: "%.2f", figure.value)) \(figure.unit) (\(figure.detail)) | \(figure.goal) | \(figure.met ? "yes" : "NO")")
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        let items = figures.map { figure in
            "{\"name\": \"\(figure.name)\", \"value\": \(figure.value), \"unit\": \"\(figure.unit)\", \"goal\": \"\(figure.goal)\", \"met\": \(figure.met)}"
        }
        return "{\"setup\": [\(setup.map { "\"\($0.replacingOccurrences(of: "\"", with: "'"))\"" }.joined(separator: ", "))], \"figures\": [\(items.joined(separator: ", "))]}\n"
    }
}
