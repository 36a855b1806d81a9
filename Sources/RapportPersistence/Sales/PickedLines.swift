import Foundation
import RapportDomain

/// Lines copied from another document with chosen quantities: an invoice from its order's lines,
/// a credit note from its invoice's. Each pick takes at most what is left of its source line.
struct PickedLines {
    /// How the source and the copy are named in messages ("order"/"invoiced", "invoice"/"credited").
    let source: String
    let done: String
    let verb: String
    let sourceField: String
    let exceeded: ValidationCode

    /// The copies, numbered from 1, each linked to its source line; every problem at once.
    func lines(_ picks: [InvoicePick]?, from sources: [StoredLine], used: [UUID: Decimal], currency: CurrencyCode) throws -> [StoredLine] {
        let remaining = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.line.quantity - (used[$0.id] ?? 0)) })
        let wanted = picks ?? sources.compactMap { line in remaining[line.id].flatMap { $0 > 0 ? InvoicePick(lineId: line.id, quantity: $0) : nil } }
        var errors: [FieldError] = []
        var chosen: [UUID: Decimal] = [:]
        for (index, pick) in wanted.enumerated() {
            guard let left = remaining[pick.lineId] else {
                errors.append(FieldError(field: "lines[\(index)].\(sourceField)", code: .notFound, message: "The \(source) has no line with this id."))
                continue
            }
            let total = (chosen[pick.lineId] ?? 0) + pick.quantity
            if pick.quantity <= 0 {
                errors.append(FieldError(field: "lines[\(index)].quantity", code: .outOfRange, message: "\(verb) more than 0 of a line.",
                                         limits: ["min": "0", "max": max(left, 0).plainString]))
            } else if total > left {
                errors.append(FieldError(field: "lines[\(index)].quantity", code: exceeded,
                    message: "Only \(max(left, 0).plainString) of this \(source) line is not yet \(done); \(total.plainString) cannot be."))
            }
            chosen[pick.lineId] = total
        }
        if wanted.isEmpty { errors.append(FieldError(field: "lines", code: exceeded, message: "Everything on this \(source) is \(done) already.")) }
        let lines = sources.filter { chosen[$0.id] != nil }.enumerated().map { position, source in
            var line = source.line
            line.quantity = chosen[source.id] ?? 0
            return StoredLine(id: .timeOrdered(), position: position + 1, productId: source.productId, description: source.description,
                              line: line, amounts: DocumentArithmetic.amounts(of: line, in: currency), sourceLineId: source.id)
        }
        if errors.isEmpty { errors += DocumentArithmetic.validate(lines.map(\.line), in: currency) }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        return lines
    }
}
