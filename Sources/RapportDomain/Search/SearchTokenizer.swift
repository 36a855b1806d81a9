import Foundation

/// Turns text into search tokens, the same way for documents and queries and for
/// both databases, so FTS5 and PostgreSQL's tsvector see identical terms.
///
/// Latin and Cyrillic words are lower-cased words. Han, kana and Hangul have no
/// spaces between words, so each run becomes its single characters and its
/// overlapping pairs: "上海市" → 上 海 市 上海 海市. A query for 上海 then needs the pair
/// 上海, which only text containing "上海" has.
public enum SearchTokenizer {
    public static func documentTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        forEachRun(text) { run, isCJK in
            if isCJK {
                let characters = Array(run)
                tokens.append(contentsOf: characters.map(String.init))
                if characters.count > 1 {
                    for index in 0..<(characters.count - 1) { tokens.append(String(characters[index...index + 1])) }
                }
            } else {
                tokens.append(run)
            }
        }
        return tokens
    }

    /// Query terms; each must be present (as a prefix for alphabetic terms).
    public static func queryTerms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachRun(text) { run, isCJK in
            if isCJK {
                let characters = Array(run)
                if characters.count == 1 {
                    terms.append(run)
                } else {
                    for index in 0..<(characters.count - 1) { terms.append(String(characters[index...index + 1])) }
                }
            } else {
                terms.append(run)
            }
        }
        var seen = Set<String>()
        return terms.filter { seen.insert($0).inserted }.prefix(16).map { $0 }
    }

    /// Digits of a phone number as one token, and its tails of seven digits or more, so
    /// "+7 495 123-45-67" is found by 74951234567, by 4951234567 and by 1234567.
    public static func phoneTokens(_ phone: String) -> [String] {
        let digits = Array(phone.filter { $0.isASCII && $0.isNumber })
        guard digits.count >= 5 else { return documentTokens(phone) }
        let tails = digits.count > 7 ? (1...(digits.count - 7)).map { String(digits[$0...]) } : []
        return [String(digits)] + tails + documentTokens(phone)
    }

    /// Splits lower-cased, composed text into runs of letters and digits, CJK runs apart.
    /// Works on Unicode scalars: grapheme breaking costs more than the whole rest of indexing.
    private static func forEachRun(_ text: String, _ body: (String, Bool) -> Void) {
        let prepared = text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased() : text.precomposedStringWithCanonicalMapping.lowercased()
        var current = String.UnicodeScalarView()
        var currentIsCJK = false
        func flush() {
            if !current.isEmpty { body(String(current), currentIsCJK) }
            current = String.UnicodeScalarView()
        }
        for scalar in prepared.unicodeScalars {
            let cjk = isCJK(scalar)
            guard cjk || isWordScalar(scalar) else {
                flush()
                continue
            }
            if cjk != currentIsCJK { flush() }
            currentIsCJK = cjk
            current.append(scalar == "ё" ? "е" : scalar)  // ё is written е in most Russian text
        }
        flush()
    }

    /// Letters, digits and the marks that belong to them.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || (scalar >= "A" && scalar <= "Z")
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }
}
