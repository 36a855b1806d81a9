import Foundation
import RapportDomain
import Testing

@Suite("Document arithmetic")
struct DocumentArithmeticTests {
    /// Decimals from text: a float literal would pass through `Double` and lose 2.675.
    static func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
    static func currency(_ code: String) -> CurrencyCode { CurrencyCode(code)! }
    static func line(_ quantity: String, _ unitPrice: String, discount: String = "0", tax: String = "0", cost: String? = nil) -> DocumentLine {
        DocumentLine(quantity: d(quantity), unitPrice: d(unitPrice), discountPercent: d(discount), taxRatePercent: d(tax), unitCost: cost.map(d))
    }

    @Test("Half of the minor unit rounds away from zero, exactly", arguments: [
        ("0.005", 2, "0.01"), ("2.675", 2, "2.68"), ("-2.675", 2, "-2.68"), ("-0.005", 2, "-0.01"), ("2.674999", 2, "2.67"),
        ("2.5", 0, "3"), ("-2.5", 0, "-3"), ("1000.5", 0, "1001"), ("0.8645", 3, "0.865"), ("-0.8645", 3, "-0.865"),
    ])
    func halfAwayFromZero(value: String, places: Int, expected: String) {
        #expect(Self.d(value).roundedHalfAwayFromZero(toPlaces: places) == Self.d(expected))
    }

    @Test("2.675 EUR is 2.68: Double would hold 2.67499… and give 2.67")
    func decimalNotDouble() {
        // setup
        let double = String(format: "%.2f", 2.675)
        // MUT
        let totals = DocumentArithmetic.totals(of: [Self.line("1", "2.675")], in: Self.currency("EUR"))
        // validate
        #expect(double == "2.67", "the trap Decimal avoids")
        #expect(totals.subtotal.amount == Self.d("2.68"))
        #expect(totals.subtotal.amountText == "2.68")
    }

    @Test("JPY has no minor digits: 3 × ¥333.5 at 10% off is ¥900 (900.45), tax 10% ¥90")
    func yen() {
        // MUT
        let discounted = DocumentArithmetic.totals(of: [Self.line("3", "333.5", discount: "10", tax: "10")], in: Self.currency("JPY"))
        let half = DocumentArithmetic.totals(of: [Self.line("3", "333.5")], in: Self.currency("JPY"))
        // validate
        #expect(discounted.subtotal.amount == 900)
        #expect(discounted.tax.amount == 90)
        #expect(discounted.total.amount == 990)
        #expect(discounted.total.amountText == "990")
        #expect(half.subtotal.amount == 1001, "1000.5 rounds away from zero")
    }

    @Test("KWD and BHD keep 3 minor digits")
    func threeDigits() {
        // MUT
        let kuwait = DocumentArithmetic.totals(of: [Self.line("3", "1.2345", tax: "5")], in: Self.currency("KWD"))
        let bahrain = DocumentArithmetic.totals(of: [Self.line("7", "0.1235", tax: "10")], in: Self.currency("BHD"))
        // validate
        #expect(kuwait.subtotal.amount == Self.d("3.704"), "3.7035 → 3.704")
        #expect(kuwait.tax.amount == Self.d("0.185"), "0.1852 → 0.185")
        #expect(kuwait.total.amountText == "3.889")
        #expect(bahrain.subtotal.amount == Self.d("0.865"), "0.8645 → 0.865")
        #expect(bahrain.tax.amount == Self.d("0.087"), "0.0865 → 0.087")
        #expect(bahrain.total.amountText == "0.952")
    }

    @Test("EUR rounds each line to cents: half a cent up, discount before tax")
    func euro() {
        // MUT
        let cent = DocumentArithmetic.amounts(of: Self.line("1", "0.005", tax: "20"), in: Self.currency("EUR"))
        let discounted = DocumentArithmetic.amounts(of: Self.line("1", "10.05", discount: "50", tax: "19"), in: Self.currency("EUR"))
        // validate
        #expect(cent.net.amount == Self.d("0.01"))
        #expect(cent.tax.amount == 0, "20% of 0.01 is 0.002")
        #expect(discounted.net.amount == Self.d("5.03"), "5.025 → 5.03")
        #expect(discounted.tax.amount == Self.d("0.96"), "19% of 5.03 is 0.9557")
        #expect(discounted.gross.amount == Self.d("5.99"))
    }

    @Test("docs/money.md's EUR example: 7.71 + 1.50 = 9.21, where rounding the sum once would give 7.70")
    func documentedEuroExample() {
        // MUT
        let totals = DocumentArithmetic.totals(of: [Self.line("1", "2.675", tax: "20"), Self.line("1", "10.05", discount: "50", tax: "19")],
                                               in: Self.currency("EUR"))
        // validate
        #expect(totals.subtotal.amountText == "7.71")
        #expect(totals.tax.amountText == "1.50")
        #expect(totals.total.amountText == "9.21")
    }

    static let tenLines = [
        line("1", "19.99", tax: "20", cost: "12"),                  // 19.99, tax 4.00 (3.998), cost 12.00
        line("3", "4.995", tax: "20", cost: "3"),                   // 14.99 (14.985), tax 3.00 (2.998), cost 9.00
        line("2.5", "10", discount: "10", tax: "20", cost: "6"),    // 22.50, tax 4.50, cost 15.00
        line("7", "0.333", tax: "7", cost: "0.2"),                  // 2.33 (2.331), tax 0.16 (0.1631), cost 1.40
        line("1", "100", discount: "12.5", tax: "20", cost: "50"),  // 87.50, tax 17.50, cost 50.00
        line("12", "1.2345", cost: "1"),                            // 14.81 (14.814), tax 0, cost 12.00
        line("0.75", "8.99", discount: "5", tax: "20", cost: "4"),  // 6.41 (6.405375), tax 1.28 (1.282), cost 3.00
        line("1", "0.005", tax: "20", cost: "0"),                   // 0.01, tax 0.00 (0.002), cost 0.00
        line("1", "2.675", tax: "20", cost: "1.5"),                 // 2.68, tax 0.54 (0.536), cost 1.50
        line("5", "3.141", discount: "25", tax: "20", cost: "1.111"), // 11.78 (11.77875), tax 2.36 (2.356), cost 5.56 (5.555)
    ]

    @Test("A 10-line document's figures are the sums of its rounded lines")
    func tenLineDocument() {
        // MUT
        let totals = DocumentArithmetic.totals(of: Self.tenLines, in: Self.currency("EUR"))
        // validate
        #expect(totals.lines.map(\.net.amountText) == ["19.99", "14.99", "22.50", "2.33", "87.50", "14.81", "6.41", "0.01", "2.68", "11.78"])
        #expect(totals.lines.map(\.tax.amountText) == ["4.00", "3.00", "4.50", "0.16", "17.50", "0.00", "1.28", "0.00", "0.54", "2.36"])
        #expect(totals.subtotal.amountText == "183.00")
        #expect(totals.tax.amountText == "33.34")
        #expect(totals.total.amountText == "216.34")
        #expect(totals.total.amount == totals.lines.reduce(Decimal(0)) { $0 + $1.gross.amount })
        #expect(totals.cost.amountText == "109.46")
        #expect(totals.margin.amountText == "73.54")
        #expect(totals.marginPercent == Self.d("40.19"), "73.54 ÷ 183.00 = 40.1857…%")
        #expect(totals.costIsComplete)
        #expect(totals.highestDiscountPercent == 25)
    }

    @Test("Margins: a loss is negative, a free document has no margin percentage, unknown cost is flagged")
    func margins() {
        // MUT
        let loss = DocumentArithmetic.totals(of: [Self.line("1", "10", cost: "12.5")], in: Self.currency("EUR"))
        let free = DocumentArithmetic.totals(of: [Self.line("2", "0", cost: "1")], in: Self.currency("EUR"))
        let partial = DocumentArithmetic.totals(of: [Self.line("1", "30", cost: "10"), Self.line("1", "10")], in: Self.currency("EUR"))
        let empty = DocumentArithmetic.totals(of: [], in: Self.currency("EUR"))
        // validate
        #expect(loss.margin.amount == Self.d("-2.5"))
        #expect(loss.marginPercent == -25)
        #expect(free.margin.amount == -2)
        #expect(free.marginPercent == nil)
        #expect(partial.cost.amount == 10)
        #expect(partial.margin.amount == 30)
        #expect(partial.marginPercent == 75)
        #expect(!partial.costIsComplete)
        #expect(empty.total.amount == 0 && empty.marginPercent == nil && empty.highestDiscountPercent == 0)
    }

    @Test("A client total that differs from the lines' is refused, naming both amounts")
    func mismatchingTotal() throws {
        // setup
        let totals = DocumentArithmetic.totals(of: Self.tenLines, in: Self.currency("EUR"))
        // MUT
        let errors = totals.mismatches(subtotal: Self.d("183"), tax: Self.d("33.34"), total: Self.d("216.35"))
        let precise = totals.mismatches(total: Self.d("216.341"))
        // validate
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.field == "total")
        #expect(error.code == "total_mismatch")
        #expect(error.message == "The total sent, 216.35 EUR, differs from 216.34 EUR computed from the lines. Send 216.34 or correct the lines.")
        #expect(error.limits == ["sent": "216.35", "computed": "216.34", "currency": "EUR"])
        #expect(precise.first?.limits["sent"] == "216.341", "the sent figure is shown as sent, not rounded into a match")
    }

    @Test("Matching client figures, in any notation, and figures not sent pass")
    func matchingTotals() {
        // setup
        let totals = DocumentArithmetic.totals(of: Self.tenLines, in: Self.currency("EUR"))
        // MUT / validate
        #expect(totals.mismatches(subtotal: Self.d("183"), tax: Self.d("33.340"), total: Self.d("216.34")) == [])
        #expect(totals.mismatches() == [])
        #expect(totals.mismatches(subtotal: Self.d("182.99")).map(\.field) == ["subtotal"])
        #expect(totals.mismatches(tax: 0).map(\.field) == ["tax"])
    }

    @Test("Valid lines have no errors")
    func validLines() {
        #expect(DocumentArithmetic.validate(Self.tenLines, in: Self.currency("EUR")) == [])
        #expect(DocumentArithmetic.validate([Self.line("0.0001", "0", discount: "100", tax: "100", cost: "0")], in: Self.currency("EUR")) == [])
    }

    @Test("Each bad field of each line is named by its path", arguments: [
        (line("0", "1"), "lines[1].quantity", "out_of_range"),
        (line("-1", "1"), "lines[1].quantity", "out_of_range"),
        (line("1.00001", "1"), "lines[1].quantity", "too_many_decimals"),
        (line("1000000001", "1"), "lines[1].quantity", "out_of_range"),
        (line("1", "-0.01"), "lines[1].unitPrice", "out_of_range"),
        (line("1", "0.00001"), "lines[1].unitPrice", "too_many_decimals"),
        (line("1", "1", discount: "100.01"), "lines[1].discountPercent", "out_of_range"),
        (line("1", "1", discount: "-5"), "lines[1].discountPercent", "out_of_range"),
        (line("1", "1", tax: "101"), "lines[1].taxRatePercent", "out_of_range"),
        (line("1", "1", tax: "7.12345"), "lines[1].taxRatePercent", "too_many_decimals"),
        (line("1", "1", cost: "-1"), "lines[1].unitCost", "out_of_range"),
        (line("1000000", "100000000000"), "lines[1].unitPrice", "out_of_range"),
    ])
    func badLine(bad: DocumentLine, field: String, code: String) throws {
        // MUT
        let errors = DocumentArithmetic.validate([Self.line("1", "1"), bad], in: Self.currency("EUR"))
        // validate
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.field == field)
        #expect(error.code == code)
        #expect(error.message.hasPrefix(field) || error.message.hasPrefix("lines[1]"))
        #expect(Set(error.limits.keys) == Set(ValidationCode(rawValue: code)?.limitNames ?? []))
    }

    @Test("A line with several bad fields gets one error per field, with its limits")
    func severalErrors() {
        // MUT
        let errors = DocumentArithmetic.validate([Self.line("0", "-1", discount: "150")], in: Self.currency("EUR"))
        // validate
        #expect(errors.map(\.field) == ["lines[0].quantity", "lines[0].unitPrice", "lines[0].discountPercent"])
        #expect(errors.first?.message == "lines[0].quantity must be between 0.0001 and 1000000000.")
        #expect(errors.last?.limits == ["min": "0", "max": "100"])
    }

    @Test("A document whose total reaches 10^14 is refused as a whole")
    func documentTooLarge() {
        // setup
        let lines = Array(repeating: Self.line("1000", "60000000000"), count: 2)
        // MUT
        let errors = DocumentArithmetic.validate(lines, in: Self.currency("EUR"))
        // validate
        #expect(errors.map(\.field) == ["lines"])
        #expect(errors.first?.limits["max"] == "99999999999999.99")
    }
}
