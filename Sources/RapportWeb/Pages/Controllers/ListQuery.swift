import Foundation
import RapportDomain

/// A list page's address: the API's list parameters (`q`, `filter[…]`, `sort`, `cursor`)
/// plus the chosen columns. Empty form fields are dropped, dates in timestamp filters
/// become the start or end of that day in the user's time zone.
struct ListQuery: Sendable {
    let entity: EntityDefinition
    /// Parameters handed to the list engine, in order.
    var pairs: [(String, String)]
    var columns: [FieldDefinition]

    init(entity: EntityDefinition, rawPairs: [(String, String)], format: LocaleFormat) {
        self.entity = entity
        var pairs: [(String, String)] = []
        var columnNames: [String] = []
        for (name, value) in rawPairs where !value.trimmed.isEmpty {
            switch name {
            case "cols": columnNames += value.split(separator: ",").map(String.init)
            // `changed` is the page's own: the count a bulk action reports back, not a list parameter.
            case "limit", "count", "deleted", "changed": continue
            default: pairs.append((name, Self.normalised(name: name, value: value, entity: entity, format: format)))
            }
        }
        self.pairs = pairs
        // Chosen columns keep the chooser's order, so the record's own fields lead and the first links to it.
        let order = Self.choosableColumns(entity).map(\.name)
        let chosen = columnNames.compactMap { entity.field(named: $0) }
            .sorted { (order.firstIndex(of: $0.name) ?? .max) < (order.firstIndex(of: $1.name) ?? .max) }
        self.columns = chosen.isEmpty ? Self.defaultColumns(entity) : chosen
    }

    static func defaultColumns(_ entity: EntityDefinition) -> [FieldDefinition] {
        let declared = entity.fields.filter { field in
            switch field.type {
            case .addresses, .uuid: false
            case .text(let maxLength): maxLength <= 300
            default: field.access == .readWrite || field.name == "status"
            }
        }
        return Array(declared.prefix(5)) + [entity.field(named: "ownerId")!]
    }

    /// Fields a person can choose as columns: the entity's own first (the first one links to the record), then owner and the like.
    static func choosableColumns(_ entity: EntityDefinition) -> [FieldDefinition] {
        let system = entity.allFields.filter { field in !entity.fields.contains { $0.name == field.name } }
        return (entity.fields + system).filter { !["id", "version", "relatedId"].contains($0.name) && $0.type != .addresses }
    }

    func value(of name: String) -> String? { pairs.last { $0.0 == name }?.1 }

    var search: String { value(of: "q") ?? "" }
    var sort: String? { value(of: "sort") }

    /// The query string with some parameters replaced (nil removes them).
    func query(replacing changes: [String: String?] = [:], keepCursor: Bool = false) -> String {
        var result = pairs.filter { changes[$0.0] == nil && (keepCursor || $0.0 != "cursor") }
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) { if let value = value ?? nil { result.append((name, value)) } }
        if columns.map(\.name) != Self.defaultColumns(entity).map(\.name) {
            result.append(("cols", columns.map(\.name).joined(separator: ",")))
        }
        return result.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    private static func normalised(name: String, value: String, entity: EntityDefinition, format: LocaleFormat) -> String {
        guard name.hasPrefix("filter["), let fieldName = name.dropFirst(7).split(separator: "]").first,
              let field = entity.field(named: String(fieldName)), field.type == .timestamp,
              let day = LocalDate(iso: value) else { return value.trimmed }
        let start = format.startOfDay(day)
        let instant = name.hasSuffix("[lte]") || name.hasSuffix("[lt]") ? start.addingTimeInterval(86_400 - 0.001) : start
        return Timestamp.format(instant)
    }
}
