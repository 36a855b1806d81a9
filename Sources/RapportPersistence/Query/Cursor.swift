import Foundation
import RapportDomain

/// An opaque position in a sorted list: the sort values of the last row and its seq.
struct Cursor: Sendable {
    let values: [FieldValue]
    let seq: Int64

    func encoded(sortFingerprint: String) -> String {
        let json = JSONValue.object(JSONObject([
            "v": .array(values.map(\.json)), "s": .number(String(seq)), "f": .string(sortFingerprint),
        ]))
        return Data(JSONWriter.bytes(json)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, fields: [FieldDefinition], sortFingerprint: String) throws(ListRequestError) -> Cursor {
        let invalid = ListRequestError(parameter: "cursor", code: "invalid_cursor",
            message: "cursor is not one this list returned; start again without it.")
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard text.count <= 4096, let data = Data(base64Encoded: base64),
              let json = try? JSONParser.parse(data), json["f"]?.stringValue == sortFingerprint,
              case .number(let seqText)? = json["s"], let seq = Int64(seqText),
              let raw = json["v"]?.arrayValue, raw.count == fields.count else { throw invalid }
        var values: [FieldValue] = []
        for (field, value) in zip(fields, raw) {
            var relaxed = field
            relaxed.required = false
            guard case .success(let decoded) = FieldDecoder.decode(value, for: relaxed) else { throw invalid }
            values.append(decoded)
        }
        return Cursor(values: values, seq: seq)
    }
}
