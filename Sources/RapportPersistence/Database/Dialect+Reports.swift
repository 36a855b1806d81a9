extension Dialect {
    /// The 'YYYY-MM-DD' text of a whole number of days since 1970-01-01 (UTC), to compare with
    /// an exchange rate's day.
    func dateText(ofDay dayExpression: String) -> String {
        switch self {
        case .sqlite: "date(\(dayExpression) * 86400, 'unixepoch')"
        case .postgres: "to_char(DATE '1970-01-01' + CAST(\(dayExpression) AS INTEGER), 'YYYY-MM-DD')"
        }
    }
}

extension Dialect {
    /// An id column as lower-case text, so report keys read alike on both databases.
    func idAsText(_ column: String) -> String {
        switch self {
        case .sqlite: column
        case .postgres: "CAST(\(column) AS TEXT)"
        }
    }
}
