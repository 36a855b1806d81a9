import Foundation

/// Markup in which every interpolated value is escaped unless it is itself `HTML`.
///
/// Views are written as string literals: `"<td>\(record.name)</td>"` escapes the
/// name for text and for double-quoted attribute values alike, so user data can
/// never open a tag or leave an attribute. Raw markup enters only through
/// `HTML(trusted:)`, which takes compile-time constants of our own.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var text: String

    init(stringLiteral value: StaticString) { text = value.description }

    init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    /// Markup written by us, never built from request or database data.
    init(trusted: StaticString) { text = trusted.description }

    static let empty = HTML(trusted: "")

    var description: String { text }

    static func + (left: HTML, right: HTML) -> HTML {
        var joined = left
        joined.text += right.text
        return joined
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: StaticString) { text += literal.description }
        mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        mutating func appendInterpolation(_ value: Substring) { text += HTML.escape(String(value)) }
        mutating func appendInterpolation(_ value: Int) { text += String(value) }
        mutating func appendInterpolation(_ value: Int64) { text += String(value) }
        mutating func appendInterpolation(_ html: HTML) { text += html.text }
        mutating func appendInterpolation(_ html: HTML?) { if let html { text += html.text } }
        mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { text += part.text } }
    }

    /// Escapes the five characters that can end text or a quoted attribute value.
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A link target taken from user data, or nil when it could run script
    /// (`javascript:`, `data:`) or is not a web, mail or phone address.
    static func safeLink(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        guard ["https://", "http://", "mailto:", "tel:"].contains(where: lower.hasPrefix),
              !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
        return trimmed
    }
}

extension Array where Element == HTML {
    func joined(separator: HTML = .empty) -> HTML {
        var result = HTML.empty
        for (index, part) in enumerated() {
            if index > 0 { result = result + separator }
            result = result + part
        }
        return result
    }
}
