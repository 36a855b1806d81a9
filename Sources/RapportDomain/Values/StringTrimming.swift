extension StringProtocol {
    /// The text without leading and trailing white space (Unicode-aware, and much cheaper
    /// than Foundation's bridged `trimmingCharacters`, which bulk imports call per field).
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
