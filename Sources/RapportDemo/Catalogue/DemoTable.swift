import Foundation

/// Parses the compact word tables of the catalogue: entries separated by `,`, the
/// parts of an entry by `|`. Plain strings compile far faster than large literal
/// arrays of tuples.
enum DemoTable {
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: ",").map { entry in
            entry.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }

    static func pairs(_ text: String) -> [(String, String)] {
        rows(text).map { ($0[0], $0.count > 1 ? $0[1] : $0[0]) }
    }

    static func list(_ text: String) -> [String] {
        rows(text).map { $0[0] }
    }
}

extension DemoRandom {
    /// Expands a pattern: `#` a digit, `~` a digit from 2 to 9, `@` a letter used in
    /// postcodes; anything else is copied.
    mutating func fill(_ pattern: String) -> String {
        var out = ""
        out.reserveCapacity(pattern.utf8.count)
        for character in pattern {
            switch character {
            case "#": out.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(int(10)))))
            case "~": out.append(Character(Unicode.Scalar(UInt8(ascii: "2") + UInt8(int(8)))))
            case "@": out.append(pick(Self.postcodeLetters))
            default: out.append(character)
            }
        }
        return out
    }

    private static let postcodeLetters: [Character] = Array("ABDEFHJLNPRSTUWXY")
}
