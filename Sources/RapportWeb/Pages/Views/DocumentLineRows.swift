import Foundation
import RapportDomain
import RapportPersistence

/// The read-only rows of a quote's, order's or invoice's lines: position, item, quantity, unit
/// price, discount, tax rate, net and tax, formatted for the reader.
enum DocumentLineRows {
    static func html(_ lines: [StoredLine], currency: CurrencyCode, format: LocaleFormat) -> [HTML] {
        lines.map { line in
            """
            <tr><td>\(line.position)</td><td>\(line.description)</td><td class="number">\(format.decimal(line.line.quantity))</td>
            <td class="number">\(format.money(Money(amount: line.line.unitPrice, currency: currency)))</td>
            <td class="number">\(format.decimal(line.line.discountPercent))</td><td class="number">\(format.decimal(line.line.taxRatePercent))</td>
            <td class="number">\(format.money(line.amounts.net))</td><td class="number">\(format.money(line.amounts.tax))</td></tr>
            """
        }
    }
}
