import Foundation
import RapportDomain
import RapportTestSupport
import Testing
import Vapor

@Suite("API errors")
struct ErrorAPITests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        let label: String
        let body: [UInt8]
        let status: HTTPResponseStatus
        let code: String
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "malformed JSON", body: Array(#"{"name": "x",}"#.utf8), status: .badRequest, code: "malformed_json"),
        BadInput(label: "invalid UTF-8", body: [0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D], status: .badRequest, code: "malformed_json"),
        BadInput(label: "wrong type", body: Array(#"{"name": 42}"#.utf8), status: .unprocessableEntity, code: "validation_failed"),
        BadInput(label: "unknown field", body: Array(#"{"name": "x", "colour": "red"}"#.utf8), status: .unprocessableEntity, code: "validation_failed"),
        BadInput(label: "bad date", body: Array(#"{"name": "x", "birthday": "1990-02-30"}"#.utf8), status: .unprocessableEntity, code: "validation_failed"),
        BadInput(label: "missing required field", body: Array(#"{"title": "CEO"}"#.utf8), status: .unprocessableEntity, code: "validation_failed"),
        BadInput(label: "not an object", body: Array(#"["name"]"#.utf8), status: .unprocessableEntity, code: "validation_failed"),
    ]

    @Test("Bad input gets a specific 4xx problem and writes nothing", arguments: badInputs)
    func badInput(_ input: BadInput) async throws {
        try await APITestContext.with { api in
            let reply = try await api.send(.POST, "/api/v1/contacts", raw: input.body)
            #expect(reply.status == input.status)
            #expect(reply.headers.contentType?.subType == "problem+json")
            #expect(reply["code"] == .string(input.code))
            #expect(reply["detail"]?.stringValue?.isEmpty == false)
            let list = try await api.send(.GET, "/api/v1/contacts?count=true")
            #expect(list["meta"]?["total"] == .number("0"))
        }
    }

    @Test("Field errors name the field: bad currency, bad money precision, reference into another tenant")
    func fieldErrors() async throws {
        try await APITestContext.with { api in
            let stage = try await api.fixture.stage()
            let currency = try await api.send(.POST, "/api/v1/opportunities",
                json: #"{"name": "x", "stageId": "\#(stage)", "amount": {"amount": "10", "currency": "XXX"}}"#)
            #expect(currency.status == .unprocessableEntity)
            #expect(currency.errorFields == ["amount"])
            #expect(currency.errorCodes == ["invalid_currency"])

            try await APITestContext.with { other in
                let foreign = try await other.send(.POST, "/api/v1/accounts", json: #"{"name": "Foreign"}"#)
                let id = try #require(foreign["id"]?.stringValue)
                let reply = try await api.send(.POST, "/api/v1/contacts", json: #"{"name": "x", "accountId": "\#(id)"}"#)
                #expect(reply.status == .unprocessableEntity)
                #expect(reply.errorFields == ["accountId"])
                #expect(reply.errorCodes == ["not_found"])
            }
        }
    }

    @Test("Oversize bodies answer 413, wrong media type 415, unknown routes 404, all as problem+json")
    func transportErrors() async throws {
        try await APITestContext.with { api in
            let big = "{\"name\": \"" + String(repeating: "x", count: 2_000_000) + "\"}"
            let oversize = try await api.send(.POST, "/api/v1/contacts", json: big)
            #expect(oversize.status == .payloadTooLarge)
            #expect(oversize.headers.contentType?.subType == "problem+json")
            let form = try await api.send(.POST, "/api/v1/contacts", raw: Array("name=x".utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(form.status == .unsupportedMediaType)
            let missing = try await api.send(.GET, "/api/v1/nothing-here")
            #expect(missing.status == .notFound)
            #expect(missing.headers.contentType?.subType == "problem+json")
        }
    }

    @Test("Bad list parameters answer 400 with the parameter named")
    func badListParameters() async throws {
        try await APITestContext.with { api in
            for query in ["limit=0", "limit=501", "sort=nonsense", "filter%5Bnonsense%5D=1", "filter%5Binfluence%5D%5Bgt%5D=abc", "cursor=zzz", "bogus=1"] {
                let reply = try await api.send(.GET, "/api/v1/contacts?\(query)")
                #expect(reply.status == .badRequest, "\(query)")
                #expect(reply.headers.contentType?.subType == "problem+json")
            }
        }
    }
}

@Suite("Control characters")
struct ControlCharacterTests {
    @Test("NUL and other control characters are refused with 4xx everywhere text enters, on both databases")
    func refused() async throws {
        try await APITestContext.with { api in
            let key = try await api.send(.POST, "/api/v1/api-keys", json: #"{"name": "bad\u0000name"}"#)
            #expect(key.status == .unprocessableEntity)
            let login = try await api.send(.POST, "/api/v1/auth/login", as: nil, json: #"{"email": "a\u0000@b.c", "password": "whatever password"}"#)
            #expect(login.status == .unauthorized)
            let field = try await api.send(.POST, "/api/v1/custom-fields", json: #"{"entity": "lead", "key": "k", "label": "L\u0001", "type": "text"}"#)
            #expect(field.status == .unprocessableEntity)
            let list = try await api.send(.GET, "/api/v1/contacts?filter%5Bname%5D=a%00b")
            #expect(list.status == .badRequest)
            let record = try await api.send(.POST, "/api/v1/contacts", json: #"{"name": "a\u0000b"}"#)
            #expect(record.status == .unprocessableEntity)
        }
    }
}
