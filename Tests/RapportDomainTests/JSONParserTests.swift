import Foundation
import RapportDomain
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("A document with every kind of value parses, keeping number text and key order")
    func validDocument() throws {
        // MUT
        let json = try JSONParser.parse(
            " \n\t{ \"z\": [1, -0.5e+10, 0, 1E2, 12345678901234567890.123, true, false, null], \"a\": {\"nested\": []}, \"s\": \"x\" }\r\n")
        // validate
        let object = try #require(json.objectValue)
        #expect(object.keys == ["z", "a", "s"])
        #expect(object["z"] == .array([
            .number("1"), .number("-0.5e+10"), .number("0"), .number("1E2"), .number("12345678901234567890.123"),
            .bool(true), .bool(false), .null,
        ]))
        #expect(object["a"] == .object(JSONObject(["nested": .array([])])))
        #expect(object["s"] == .string("x"))
    }

    @Test("Scalars stand alone as documents", arguments: [
        ("0", JSONValue.number("0")), ("-0", .number("-0")), ("true", .bool(true)), ("null", .null), (#""""#, .string("")),
        ("[]", .array([])), ("{}", .object(JSONObject())),
    ])
    func scalars(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test("Strings decode escapes, \\u escapes, surrogate pairs and raw UTF-8", arguments: [
        (#""\u00e9""#, "é"),
        (#""\u4E2D\u6587""#, "中文"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD834\uDD1E clef""#, "𝄞 clef"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        (#""a\u0000b""#, "a\u{0}b"),
        ("\"Привет, 上海 😀\"", "Привет, 上海 😀"),
        (#""mixed \u0416 and Ж""#, "mixed Ж and Ж"),
    ])
    func strings(text: String, expected: String) throws {
        #expect(try JSONParser.parse(text) == .string(expected))
    }

    @Test("Nesting up to the maximum depth is accepted")
    func maximumDepth() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            guard let first = elements.first else { break }
            value = first
        }
        #expect(levels == depth)
    }

    /// A malformed document and the byte offset the error must point at.
    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let offset: ClosedRange<Int>

        init(_ name: String, _ text: String, at offset: Int) {
            self.init(name, Array(text.utf8), at: offset...offset)
        }

        init(_ name: String, _ bytes: [UInt8], at offset: ClosedRange<Int>) {
            self.name = name
            self.bytes = bytes
            self.offset = offset
        }

        var testDescription: String { name }
    }

    static let quote = UInt8(ascii: "\"")

    static let malformed: [Malformed] = [
        Malformed("trailing comma in an array", "[1,2,]", at: 5),
        Malformed("trailing comma in an object", #"{"a":1,}"#, at: 7),
        Malformed("duplicate key, pointing at the second key", #"{"a":1,"b":2,"a":3}"#, at: 13),
        Malformed("invalid UTF-8: 0xFF", [quote, 0xFF, quote], at: 1...1),
        Malformed("invalid UTF-8: a stray continuation byte after valid text", [quote] + Array("ok é".utf8) + [0x80, quote], at: 6...6),
        Malformed("invalid UTF-8: a truncated sequence", [quote, 0x61, 0xE4, 0xB8, quote], at: 2...2),
        Malformed("invalid UTF-8: an overlong '/'", [quote, 0xC0, 0xAF, quote], at: 1...1),
        Malformed("invalid UTF-8: an encoded surrogate", [quote, 0xED, 0xA0, 0x80, quote], at: 1...1),
        Malformed("invalid UTF-8 in a key", Array(#"{"a":1,""#.utf8) + [0xFE, quote] + Array(":2}".utf8), at: 8...8),
        Malformed("raw newline in a string", "\"a\nb\"", at: 2),
        Malformed("raw NUL in a string", [quote, 0x61, 0x62, 0x00, quote], at: 3...3),
        Malformed("nesting one level too deep",
                  String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1),
                  at: JSONParser.maximumDepth),
        Malformed("nesting too deep through objects",
                  String(repeating: #"{"a":"#, count: JSONParser.maximumDepth + 1) + "1" + String(repeating: "}", count: JSONParser.maximumDepth + 1),
                  at: 5 * JSONParser.maximumDepth),
        Malformed("leading zero", "01", at: 1),
        Malformed("leading zero in an array", "[01]", at: 2),
        Malformed("negative leading zero", "-01", at: 2),
        Malformed("lone high surrogate", Array(#""\ud800""#.utf8), at: 1...7),
        Malformed("high surrogate followed by a letter escape", Array(#""\ud800\u0041""#.utf8), at: 1...13),
        Malformed("lone low surrogate", Array(#""\udc00""#.utf8), at: 1...7),
        Malformed("unterminated string", #""abc"#, at: 4),
        Malformed("empty input", "", at: 0),
        Malformed("only whitespace", "  ", at: 2),
        Malformed("data after the value", "{} x", at: 3),
        Malformed("two values", "1 2", at: 2),
        Malformed("bare word", "tru", at: 0),
        Malformed("fraction without digits", "1.", at: 2),
        Malformed("number starting with a dot", ".5", at: 0),
        Malformed("plus sign", "+1", at: 0),
        Malformed("exponent without digits", "1e", at: 2),
        Malformed("NaN", "NaN", at: 0),
        Malformed("single-quoted key", "{'a':1}", at: 1),
        Malformed("missing colon", #"{"a" 1}"#, at: 5),
        Malformed("missing comma", "[1 2]", at: 3),
        Malformed("short \\u escape", Array(#""\u12""#.utf8), at: 3...6),
        Malformed("bad hex digit", #""\u12G4""#, at: 5),
    ]

    @Test("Malformed input is refused with the offset of the problem", arguments: malformed)
    func rejects(_ input: Malformed) {
        // MUT
        let result = Result { () throws(JSONParser.Failure) in try JSONParser.parse(input.bytes) }
        // validate
        guard case .failure(let failure) = result else {
            Issue.record("accepted: \(result)")
            return
        }
        #expect(input.offset.contains(failure.offset), "offset \(failure.offset): \(failure.reason)")
        #expect(failure.message.contains("byte \(failure.offset)"))
    }
}
