import Foundation
import RapportDomain
import Testing

@Suite("Field decoder")
struct FieldDecoderTests {
    /// One JSON input for a field of one type, and what the decoder must make of it.
    struct Case: Sendable, CustomTestStringConvertible {
        enum Expected: Sendable {
            case value(FieldValue)
            case error(String)
        }

        let type: FieldType
        let json: String
        let expected: Expected
        var required = false

        var testDescription: String {
            let outcome = switch expected {
            case .value: "accepted"
            case .error(let code): code
            }
            return "\(type.name)\(required ? " (required)" : "") \(json) → \(outcome)"
        }
    }

    static func money(_ amount: String, _ currency: String) -> FieldValue {
        .money(Money(amount: Decimal(string: amount, locale: Locale(identifier: "en_US_POSIX"))!, currency: CurrencyCode(currency)!))
    }

    static let text = FieldType.text(maxLength: 5)
    static let influence = FieldType.integer(minimum: 1, maximum: 5)
    static let roles = FieldType.choice(["decisionMaker", "user"])
    static let channels = FieldType.multiChoice(["email", "phone"])
    static let someID = UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!

    static let cases: [Case] = [
        // text
        Case(type: text, json: #""Hello""#, expected: .value(.text("Hello"))),
        Case(type: text, json: #""Привет""#, expected: .error("too_long")),
        Case(type: text, json: #""上海汽车""#, expected: .value(.text("上海汽车"))),
        Case(type: text, json: "12", expected: .error("invalid_type")),
        Case(type: text, json: #""   ""#, expected: .error("required"), required: true),
        Case(type: text, json: "null", expected: .error("required"), required: true),
        Case(type: text, json: "null", expected: .value(.null)),
        // email
        Case(type: .email, json: #""ivan@example.ru""#, expected: .value(.text("ivan@example.ru"))),
        Case(type: .email, json: #"" ivan@example.ru ""#, expected: .value(.text("ivan@example.ru"))),
        Case(type: .email, json: #""ivan@localhost""#, expected: .error("invalid_email")),
        Case(type: .email, json: #""ivan.example.ru""#, expected: .error("invalid_email")),
        Case(type: .email, json: #""a@b@c.ru""#, expected: .error("invalid_email")),
        Case(type: .email, json: #""Ivan <ivan@example.ru>""#, expected: .error("invalid_email")),
        Case(type: .email, json: #""@example.ru""#, expected: .error("invalid_email")),
        // phone
        Case(type: .phone, json: #""+7 (495) 123-45-67""#, expected: .value(.text("+7 (495) 123-45-67"))),
        Case(type: .phone, json: #""12""#, expected: .error("invalid_phone")),
        Case(type: .phone, json: #""call me""#, expected: .error("invalid_phone")),
        Case(type: .phone, json: #""123456789012345678901""#, expected: .error("invalid_phone")),
        // url
        Case(type: .url, json: #""https://example.cn/path?q=1""#, expected: .value(.text("https://example.cn/path?q=1"))),
        Case(type: .url, json: #""ftp://example.com""#, expected: .error("invalid_url")),
        Case(type: .url, json: #""javascript:alert(1)""#, expected: .error("invalid_url")),
        Case(type: .url, json: #""https://""#, expected: .error("invalid_url")),
        // integer
        Case(type: influence, json: "3", expected: .value(.integer(3))),
        Case(type: influence, json: "5", expected: .value(.integer(5))),
        Case(type: influence, json: "6", expected: .error("out_of_range")),
        Case(type: influence, json: "0", expected: .error("out_of_range")),
        Case(type: influence, json: "2.5", expected: .error("invalid_type")),
        Case(type: influence, json: "1e0", expected: .error("invalid_type")),
        Case(type: influence, json: #""3""#, expected: .error("invalid_type")),
        Case(type: influence, json: "99999999999999999999", expected: .error("invalid_type")),
        // number
        Case(type: .number, json: "-1.5e3", expected: .value(.number(-1500))),
        Case(type: .number, json: "1e400", expected: .error("invalid_type")),
        Case(type: .number, json: #""1.5""#, expected: .error("invalid_type")),
        // money: minor digits by currency, plain decimals only
        Case(type: .money, json: #"{"amount": "1500", "currency": "JPY"}"#, expected: .value(money("1500", "JPY"))),
        Case(type: .money, json: #"{"amount": "1500.0", "currency": "JPY"}"#, expected: .value(money("1500", "JPY"))),
        Case(type: .money, json: #"{"amount": "10.5", "currency": "JPY"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "1234.56", "currency": "EUR"}"#, expected: .value(money("1234.56", "EUR"))),
        Case(type: .money, json: #"{"amount": "1234.560", "currency": "EUR"}"#, expected: .value(money("1234.56", "EUR"))),
        Case(type: .money, json: #"{"amount": "1234.567", "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": 99.95, "currency": "EUR"}"#, expected: .value(money("99.95", "EUR"))),
        Case(type: .money, json: #"{"amount": "-0.01", "currency": "EUR"}"#, expected: .value(money("-0.01", "EUR"))),
        Case(type: .money, json: #"{"amount": "1.234", "currency": "KWD"}"#, expected: .value(money("1.234", "KWD"))),
        Case(type: .money, json: #"{"amount": "1.2345", "currency": "KWD"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "1e3", "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": 1e3, "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "1E-2", "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "12,50", "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": ".5", "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "5.", "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "", "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "100000000000000", "currency": "EUR"}"#, expected: .error("out_of_range")),
        Case(type: .money, json: #"{"amount": "99999999999999.99", "currency": "EUR"}"#, expected: .value(money("99999999999999.99", "EUR"))),
        Case(type: .money, json: #"{"amount": "1", "currency": "XXX"}"#, expected: .error("invalid_currency")),
        Case(type: .money, json: #"{"amount": "1", "currency": "eur"}"#, expected: .error("invalid_currency")),
        Case(type: .money, json: #"{"amount": "1"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": "1", "currency": "EUR", "rate": "1"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #"{"amount": true, "currency": "EUR"}"#, expected: .error("invalid_money")),
        Case(type: .money, json: #""1250.00 EUR""#, expected: .error("invalid_money")),
        // currency
        Case(type: .currency, json: #""KZT""#, expected: .value(.text("KZT"))),
        Case(type: .currency, json: #""usd""#, expected: .error("invalid_currency")),
        // date
        Case(type: .date, json: #""2024-02-29""#, expected: .value(.date(LocalDate(year: 2024, month: 2, day: 29)!))),
        Case(type: .date, json: #""2023-02-29""#, expected: .error("invalid_date")),
        Case(type: .date, json: #""1900-02-29""#, expected: .error("invalid_date")),
        Case(type: .date, json: #""2024-04-31""#, expected: .error("invalid_date")),
        Case(type: .date, json: #""2024-2-1""#, expected: .error("invalid_date")),
        Case(type: .date, json: #""2024-02-01T00:00:00Z""#, expected: .error("invalid_date")),
        Case(type: .date, json: #""01.02.2024""#, expected: .error("invalid_date")),
        // timestamp
        Case(type: .timestamp, json: #""2026-05-01T09:30:00Z""#, expected: .value(.timestamp(Date(timeIntervalSince1970: 1_777_627_800)))),
        Case(type: .timestamp, json: #""2026-05-01T11:30:00.250+02:00""#, expected: .value(.timestamp(Date(timeIntervalSince1970: 1_777_627_800.25)))),
        Case(type: .timestamp, json: #""2026-05-01""#, expected: .error("invalid_timestamp")),
        Case(type: .timestamp, json: #""2026-05-01T09:30:00""#, expected: .error("invalid_timestamp")),
        Case(type: .timestamp, json: "1777627800", expected: .error("invalid_type")),
        // boolean
        Case(type: .boolean, json: "false", expected: .value(.bool(false))),
        Case(type: .boolean, json: #""true""#, expected: .error("invalid_type")),
        Case(type: .boolean, json: "1", expected: .error("invalid_type")),
        // choice and multi-choice
        Case(type: roles, json: #""decisionMaker""#, expected: .value(.text("decisionMaker"))),
        Case(type: roles, json: #""DecisionMaker""#, expected: .error("invalid_choice")),
        Case(type: channels, json: #"["phone", "email", "phone"]"#, expected: .value(.list(["phone", "email"]))),
        Case(type: channels, json: #"["fax"]"#, expected: .error("invalid_choice")),
        Case(type: channels, json: #""email""#, expected: .error("invalid_type")),
        // references
        Case(type: .reference("account"), json: #""3f2504e0-4f89-11d3-9a0c-0305e82c3301""#, expected: .value(.id(someID))),
        Case(type: .reference("account"), json: #""3F2504E0-4F89-11D3-9A0C-0305E82C3301""#, expected: .value(.id(someID))),
        Case(type: .reference("account"), json: #""42""#, expected: .error("invalid_id")),
        Case(type: .uuid, json: "42", expected: .error("invalid_type")),
        // lists
        Case(type: .textList(.tags), json: #"[" vip ", "dealer", "vip"]"#, expected: .value(.list(["vip", "dealer"]))),
        Case(type: .textList(.tags), json: "[]", expected: .value(.list([]))),
        Case(type: .textList(.tags), json: "[\"\(String(repeating: "x", count: 101))\"]", expected: .error("too_long")),
        Case(type: .textList(.tags), json: "[" + (1...51).map { "\"t\($0)\"" }.joined(separator: ",") + "]", expected: .error("too_many")),
        Case(type: .textList(.tags), json: #"["vip", 1]"#, expected: .error("invalid_type")),
        Case(type: .textList(.emails), json: #"["a@example.com", "nope"]"#, expected: .error("invalid_email")),
        Case(type: .textList(.phones), json: #"["+1 555-0199"]"#, expected: .value(.list(["+1 555-0199"]))),
        Case(type: .textList(.phones), json: #"["+1 555-0199", "x"]"#, expected: .error("invalid_phone")),
        // addresses
        Case(type: .addresses, json: #"[{"kind": "billing", "city": "上海", "country": "CN"}]"#,
             expected: .value(.addresses([PostalAddress(parts: ["kind": "billing", "city": "上海", "country": "CN"])]))),
        Case(type: .addresses, json: #"[{"town": "Paris"}]"#, expected: .error("unknown_field")),
        Case(type: .addresses, json: #"[{"city": 75}]"#, expected: .error("invalid_type")),
        Case(type: .addresses, json: #"["Paris"]"#, expected: .error("invalid_type")),
    ]

    @Test("Each field type accepts good values and names what is wrong with bad ones", arguments: cases)
    func decode(_ input: Case) throws {
        // setup
        let field = FieldDefinition("field", input.type, label: "Field", required: input.required)
        let json = try JSONParser.parse(input.json)
        // MUT
        let result = FieldDecoder.decode(json, for: field)
        // validate
        switch (input.expected, result) {
        case (.value(let expected), .success(let value)):
            #expect(value == expected)
        case (.error(let code), .failure(let error)):
            #expect(error.code == code, "\(error.message)")
            #expect(error.field == "field")
            #expect(!error.message.isEmpty)
        case (.value, .failure(let error)):
            Issue.record("rejected with \(error.code): \(error.message)")
        case (.error(let code), .success(let value)):
            Issue.record("accepted as \(value), expected \(code)")
        }
    }

    @Test("Money keeps the exact decimal it was given")
    func moneyIsExact() throws {
        let field = FieldDefinition("amount", .money, label: "Amount")
        let json = try JSONParser.parse(#"{"amount": "0.10", "currency": "USD"}"#)
        let value = try FieldDecoder.decode(json, for: field).get()
        guard case .money(let money) = value else { Issue.record("not money: \(value)"); return }
        // 0.1 is not exact in binary floating point; Decimal keeps it exactly.
        #expect(money.amount * 3 == Decimal(string: "0.3"))
        #expect(money.amountText == "0.10")
    }

    @Test("A record's missing required fields, unknown and read-only fields are all reported at once")
    func recordDecoder() throws {
        let json = try JSONParser.parse(#"{"industry": 5, "nonsense": 1, "teamId": "3f2504e0-4f89-11d3-9a0c-0305e82c3301"}"#)
        let result = RecordDecoder.decode(json, entity: .account, mode: .create)
        guard case .failure(let failure) = result else { Issue.record("accepted"); return }
        let codes = Dictionary(uniqueKeysWithValues: failure.errors.map { ($0.field, $0.code) })
        #expect(codes == ["industry": "invalid_type", "nonsense": "unknown_field", "teamId": "read_only", "name": "required"])

        let patch = RecordDecoder.decode(try JSONParser.parse(#"{"industry": "Retail"}"#), entity: .account, mode: .patch)
        #expect(try patch.get()["industry"] == .text("Retail"))
    }
}
