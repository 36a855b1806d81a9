import Foundation

extension Decimal {
    /// A decimal written plainly with a dot, as stored and as sent in JSON ("12.5", "-3", "0.0125");
    /// nil for anything else ("1e3", "12,5", "1.2.3"), which `Decimal(string:)` would half-read.
    public static func exact(_ text: String) -> Decimal? {
        let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8.dropFirst(0)
        let parts = digits.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard text.utf8.count <= 40, (1...2).contains(parts.count), !parts[0].isEmpty, parts.last?.isEmpty == false,
              parts.allSatisfy({ $0.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }) else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
