import Foundation
import RapportDomain
import Vapor

/// Reading JSON bodies strictly and writing JSON responses.
enum JSONIO {
    /// The Content-Type of every JSON response, serialised once.
    private static let contentType = HTTPMediaType(type: "application", subType: "json", parameters: ["charset": "utf-8"]).serialize()

    static func body(_ request: Request) async throws -> JSONValue {
        guard let contentType = request.headers.contentType,
              contentType.type == "application", contentType.subType == "json" || contentType.subType.hasSuffix("+json") else {
            throw Problem(.unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                          detail: "Send the body as application/json.")
        }
        let limit = request.application.routes.defaultMaxBodySize.value
        let buffer = try await request.body.collect(max: limit).get()
        guard let buffer, buffer.readableBytes > 0 else {
            throw Problem.badRequest("empty_body", "The request needs a JSON body.")
        }
        // A body that arrived whole (not streamed) has not met the limit yet.
        guard buffer.readableBytes <= limit else { throw Abort(.payloadTooLarge) }
        return try JSONParser.parse(buffer.readableBytesView)
    }

    static func response(_ value: JSONValue, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }

    /// Query pairs in order, percent-decoded, with `+` as space.
    static func queryPairs(_ request: Request) -> [(String, String)] {
        guard let query = request.url.query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }
}
