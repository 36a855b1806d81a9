import Foundation

/// A bar chart drawn on the server as SVG: one bar per label, values written on the bars,
/// a title for screen readers. No script, so it satisfies the CSP and prints.
struct BarChart {
    struct Bar {
        let label: String
        let value: Double
        let valueText: String
    }

    let title: String
    let bars: [Bar]
    var width = 640
    var height = 220

    func svg() -> HTML {
        let top = 16.0, bottom = 28.0, left = 8.0
        let plotHeight = Double(height) - top - bottom
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        let slot = (Double(width) - left * 2) / Double(max(bars.count, 1))
        let barWidth = slot * 0.7
        let shapes: [HTML] = bars.enumerated().map { index, bar in
            let barHeight = plotHeight * bar.value / maximum
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            let y = top + plotHeight - barHeight
            return """
                <g><title>\(bar.label): \(bar.valueText)</title>
                <rect x="\(Self.number(x))" y="\(Self.number(y))" width="\(Self.number(barWidth))" height="\(Self.number(max(barHeight, 0.5)))" class="bar"></rect>
                <text x="\(Self.number(x + barWidth / 2))" y="\(Self.number(Double(height) - 10))" text-anchor="middle" class="axis">\(bar.label)</text>
                \(bar.value > 0 ? "<text x=\"\(Self.number(x + barWidth / 2))\" y=\"\(Self.number(max(y - 4, 11)))\" text-anchor=\"middle\" class=\"value\">\(bar.valueText)</text>" as HTML : HTML.empty)</g>
                """
        }
        return """
            <svg class="chart" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(title)" xmlns="http://www.w3.org/2000/svg">
            <title>\(title)</title>
            <line x1="\(Self.number(left))" y1="\(Self.number(top + plotHeight))" x2="\(Self.number(Double(width) - left))" y2="\(Self.number(top + plotHeight))" class="baseline"></line>
            \(shapes)
            </svg>
            """
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
