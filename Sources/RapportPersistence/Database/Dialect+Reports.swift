extension Dialect {
    /// Whole days since 1970-01-01 of a 'YYYY-MM-DD' text column (an exchange rate's day).
    func daysSince1970(_ dateColumn: String) -> String {
        switch self {
        case .sqlite: "CAST(julianday(\(dateColumn)) - 2440587.5 AS INTEGER)"
        case .postgres: "(CAST(\(dateColumn) AS DATE) - DATE '1970-01-01')"
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
