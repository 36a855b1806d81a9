import Foundation
import RapportDomain

/// The reports-to tree of an account's contacts as SVG: one row per level, lines from each
/// manager to their reports, each box with the name, decision role and influence (1–5 dots).
struct OrgChart {
    struct Person {
        let id: UUID
        let name: String
        let managerId: UUID?
        let role: String?
        let influence: Int?
        let link: String
    }

    let title: String
    let people: [Person]

    static let boxWidth = 170.0, boxHeight = 54.0, gapX = 16.0, gapY = 36.0

    func svg() -> HTML? {
        guard !people.isEmpty else { return nil }
        let ids = Set(people.map(\.id))
        var children: [UUID: [Person]] = [:]
        for person in people { if let manager = person.managerId, ids.contains(manager) { children[manager, default: []].append(person) } }
        let roots = people.filter { $0.managerId.map { !ids.contains($0) } ?? true }
        // Breadth-first levels; a person seen twice (a loop in old data) is drawn once.
        var levels: [[Person]] = []
        var seen = Set<UUID>()
        var current = roots
        while !current.isEmpty {
            let fresh = current.filter { seen.insert($0.id).inserted }
            if fresh.isEmpty { break }
            levels.append(fresh)
            current = fresh.flatMap { children[$0.id] ?? [] }
        }
        var position: [UUID: (x: Double, y: Double)] = [:]
        let widest = levels.map(\.count).max() ?? 1
        let width = Double(widest) * (Self.boxWidth + Self.gapX) + Self.gapX
        for (depth, level) in levels.enumerated() {
            let rowWidth = Double(level.count) * (Self.boxWidth + Self.gapX) - Self.gapX
            for (index, person) in level.enumerated() {
                let x = (width - rowWidth) / 2 + Double(index) * (Self.boxWidth + Self.gapX)
                position[person.id] = (x, Self.gapX + Double(depth) * (Self.boxHeight + Self.gapY))
            }
        }
        let height = Double(levels.count) * (Self.boxHeight + Self.gapY) + Self.gapX
        let lines: [HTML] = people.compactMap { person in
            guard let manager = person.managerId, let from = position[manager], let to = position[person.id] else { return nil }
            return """
                <line x1="\(BarChart.number(from.x + Self.boxWidth / 2))" y1="\(BarChart.number(from.y + Self.boxHeight))" x2="\(BarChart.number(to.x + Self.boxWidth / 2))" y2="\(BarChart.number(to.y))" class="link"></line>
                """
        }
        let boxes: [HTML] = people.compactMap { person in
            guard let at = position[person.id] else { return nil }
            let dots = person.influence.map { String(repeating: "●", count: max(0, min(5, $0))) + String(repeating: "○", count: max(0, 5 - min(5, $0))) } ?? ""
            return """
                <a href="\(person.link)"><g class="person"><title>\(person.name)</title>
                <rect x="\(BarChart.number(at.x))" y="\(BarChart.number(at.y))" width="\(BarChart.number(Self.boxWidth))" height="\(BarChart.number(Self.boxHeight))" rx="4"></rect>
                <text x="\(BarChart.number(at.x + 8))" y="\(BarChart.number(at.y + 18))" class="name">\(String(person.name.prefix(24)))</text>
                <text x="\(BarChart.number(at.x + 8))" y="\(BarChart.number(at.y + 34))" class="role">\(person.role ?? "")</text>
                <text x="\(BarChart.number(at.x + 8))" y="\(BarChart.number(at.y + 48))" class="influence">\(dots)</text></g></a>
                """
        }
        return """
            <svg class="org-chart" viewBox="0 0 \(BarChart.number(width)) \(BarChart.number(height))" aria-label="\(title)" xmlns="http://www.w3.org/2000/svg">
            <title>\(title)</title>\(lines)\(boxes)</svg>
            """
    }
}
