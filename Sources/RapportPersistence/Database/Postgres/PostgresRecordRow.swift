import Foundation
import PostgresKit
import SQLKit

/// A PostgreSQL row that reads the column types records use with PostgresNIO's own decoders.
/// PostgresKit's row decodes every column through Codable, a tenth of the server's work in a point
/// read; any other type, or a value those decoders refuse, still goes through it.
struct PostgresRecordRow: SQLRow {
    private let cells: PostgresRandomAccessRow
    private let general: any SQLRow

    init(_ row: PostgresRow) {
        cells = row.makeRandomAccess()
        general = row.sql()
    }

    var allColumns: [String] { general.allColumns }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        guard cells.contains(column) else { return try general.decodeNil(column: column) }
        return cells[column].bytes == nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        if cells.contains(column), let value = try? decodeDirectly(cells[column], as: type) { return value }
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
