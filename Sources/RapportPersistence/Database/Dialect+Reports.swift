extension Dialect {
    /// An id column as lower-case text, so report keys read alike on both databases.
    func idAsText(_ column: String) -> String {
        switch self {
        case .sqlite: column
        case .postgres: "CAST(\(column) AS TEXT)"
        }
    }
}
