import Foundation
import PostgresKit
import SQLKit

/// A PostgreSQL row that reads the column types records use with PostgresNIO's own decoders.
/// PostgresKit's row decodes every column through Codable, a tenth of the server's work in a point
/// read; any other type, or a value those decoders refuse, still goes through it.
struct PostgresRecordRow: SQLRow {
    private let row: PostgresRow
    private let cells: PostgresRandomAccessRow
    private let positions: [String: Int]
    /// PostgresKit's row, made only for what the direct decoders leave.
    private var general: any SQLRow { row.sql() }

    /// `positions` maps column names to cells; the rows of one result share it (`PostgresRecordRows`).
    fileprivate init(_ row: PostgresRow, cells: PostgresRandomAccessRow, positions: [String: Int]) {
        self.row = row
        self.cells = cells
        self.positions = positions
    }

    var allColumns: [String] { general.allColumns }

    func contains(column: String) -> Bool { positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = positions[column] else { return try general.decodeNil(column: column) }
        return cells[position].bytes == nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        if let position = positions[column], let value = try? decodeDirectly(cells[position], as: type) { return value }
        return try general.decode(column: column, as: type)
    }

    private func decodeDirectly<D>(_ cell: PostgresCell, as type: D.Type) throws -> D? {
        switch type {
        case is String.Type: try cell.decode(String.self) as? D
        case is String?.Type: try cell.decode(String?.self) as? D
        case is Int64.Type: try cell.decode(Int64.self) as? D
        case is Int64?.Type: try cell.decode(Int64?.self) as? D
        case is Int.Type: try cell.decode(Int.self) as? D
        case is UUID?.Type: try cell.decode(UUID?.self) as? D
        case is UUID.Type: try cell.decode(UUID.self) as? D
        case is Bool.Type: try cell.decode(Bool.self) as? D
        case is Double.Type: try cell.decode(Double.self) as? D
        default: nil
        }
    }
}

/// Makes the rows of one result, which share one map of where each column is.
struct PostgresRecordRows {
    private var positions: [String: Int]?

    mutating func row(_ row: PostgresRow) -> PostgresRecordRow {
        let cells = row.makeRandomAccess()
        let shared = positions ?? Dictionary(cells.enumerated().map { ($1.columnName, $0) }, uniquingKeysWith: { first, _ in first })
        positions = shared
        return PostgresRecordRow(row, cells: cells, positions: shared)
    }
}
