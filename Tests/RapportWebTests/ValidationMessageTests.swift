import Foundation
import RapportDomain
import Testing
@testable import RapportWeb

@Suite("Validation messages")
struct ValidationMessageTests {
    @Test("Every validation code has a message in every language, naming the limits its errors carry", arguments: Language.allCases)
    func everyCode(language: Language) {
        let text = Catalogue(language)
        for code in ValidationCode.allCases {
            #expect(text.contains("validation.\(code.rawValue)"), "\(language.rawValue) lacks validation.\(code.rawValue)")
            guard !code.limitNames.isEmpty else { continue }
            let limited = "validation.\(code.rawValue).limits"
            #expect(text.contains(limited), "\(language.rawValue) lacks \(limited)")
            for name in code.limitNames {
                #expect(text[limited].contains("{\(name)}"), "\(language.rawValue) \(limited) does not name {\(name)}")
            }
        }
    }

    @Test("The catalogues hold no validation message for a code that does not exist")
    func noStrayMessages() {
        let declared = Set(ValidationCode.allCases.flatMap { code in
            ["validation.\(code.rawValue)"] + (code.limitNames.isEmpty ? [] : ["validation.\(code.rawValue).limits"])
        })
        let present = Set(Catalogue.messages(for: .english).keys.filter { $0.hasPrefix("validation.") })
        #expect(present.subtracting(declared).sorted() == [])
    }

    @Test("Every code the sources raise as a string (store, API, lists) is a declared ValidationCode")
    func sourcesUseDeclaredCodes() throws {
        // setup
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        var found: [String: String] = [:]
        // MUT
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            for match in source.matches(of: /(?:FieldError\(field|ListRequestError\(parameter):[^\n]*?code: "([a-z_]+)"/) {
                found[String(match.output.1)] = file.lastPathComponent
            }
            for match in source.matches(of: /\.fail\([^,\n]+, "([a-z_]+)",/) {
                found[String(match.output.1)] = file.lastPathComponent
            }
        }
        // validate
        #expect(found["stage_not_in_pipeline"] != nil && found["duplicate_in_request"] != nil && found["invalid_cursor"] != nil,
                "the scan sees the store, bulk and list codes")
        let declared = Set(ValidationCode.allCases.map(\.rawValue))
        for (code, file) in found.sorted(by: { $0.key < $1.key }) {
            #expect(declared.contains(code), "\(file) raises \"\(code)\", which ValidationCode does not declare")
        }
    }

    @Test("The decoder's errors carry exactly the limits their code declares")
    func decoderLimits() throws {
        func failure(_ json: JSONValue, _ type: FieldType) -> FieldError? {
            if case .failure(let error) = FieldDecoder.decode(json, for: FieldDefinition("x", type, label: "X")) { return error }
            return nil
        }
        let errors = [
            failure(.string(String(repeating: "a", count: 11)), .text(maxLength: 10)),
            failure(.array([.string(String(repeating: "a", count: 101))]), .textList(.tags)),
            failure(.array(Array(repeating: .string("a"), count: 51)), .textList(.tags)),
            failure(.number("9"), .integer(minimum: 1, maximum: 5)),
            failure(.object(JSONObject(["amount": .string("1.234"), "currency": .string("EUR")])), .money),
        ]
        for error in errors {
            let error = try #require(error)
            let code = try #require(ValidationCode(rawValue: error.code))
            #expect(Set(error.limits.keys) == Set(code.limitNames), "\(error.code): \(error.limits)")
        }
    }

    @Test("A field error reads in the user's language with the field's label and its limits")
    func translatedWithLimits() throws {
        // setup
        let field = FieldDefinition("influence", .integer(minimum: 1, maximum: 5), label: "Influence")
        guard case .failure(let error) = FieldDecoder.decode(.number("9"), for: field) else { Issue.record("9 was accepted"); return }
        // MUT
        let russian = Catalogue(.russian).validationMessage(error, label: "Влияние")
        let chinese = Catalogue(.chinese).validationMessage(error, label: "影响力")
        let generic = Catalogue(.english).validationMessage(FieldError(field: "amount", code: .outOfRange, message: "too large"), label: "Amount")
        let unknown = Catalogue(.english).validationMessage(FieldError(field: "x", code: "no_such_code", message: "x"), label: "X")
        // validate
        #expect(russian == "Значение «Влияние» вне допустимого диапазона: от 1 до 5.")
        #expect(chinese == "影响力须介于 1 与 5 之间。")
        #expect(generic == "Amount is outside the allowed range.", "an error without limits uses the plain message")
        #expect(unknown == nil)
    }
}
