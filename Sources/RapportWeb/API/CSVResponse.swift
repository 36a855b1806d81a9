import Vapor

/// A CSV download, for the API and the pages alike: `text/csv; charset=utf-8`, offered as the
/// attachment `<name>.csv`, never kept by a shared cache (it holds what one user may see).
enum CSVResponse {
    static func attachment(_ rows: [[String]], name: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name).csv\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: CSV.document(rows)))
    }
}

/// RFC 4180 CSV with a byte-order mark (so spreadsheet programs read Chinese and Russian
/// correctly) and formula cells neutralised (a cell starting with = + - @ is not run).
enum CSV {
    static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
