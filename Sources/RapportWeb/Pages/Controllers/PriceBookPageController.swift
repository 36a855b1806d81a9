import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The price book editor on its record page: `POST /pricebooks/{id}/entries` replaces every
/// entry with the form's rows, through the store the API uses, so the same rules apply.
enum PriceBookPageController {
    static func saveEntries(_ request: Request) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: "pricebook", context)
        let book = try await RecordPageController.load(request, entity, context)
        guard context.principal.mayWrite(entity) else { throw Abort(.forbidden) }
        let rows = rows(try request.content.decode([String: String].self))
        let (entries, rowOfEntry, problems) = entries(from: rows)
        var refusal = PriceBookEntriesView.Refusal(rows: rows, messages: [:])
        if problems.isEmpty {
            do {
                _ = try await request.rapport.store.replacePriceBookEntries(pricebookId: book.id, with: entries, principal: context.principal)
                return request.redirect(to: SiteURL.record(entity, book.id).path + "?saved=1#entries", redirectType: .normal)
            } catch StoreError.validation(let errors) {
                place(errors, rowOf: { rowOfEntry.indices.contains($0) ? rowOfEntry[$0] : nil }, in: &refusal, context.text)
            } catch StoreError.forbidden {
                throw Abort(.forbidden)
            }
        } else {
            place(problems, rowOf: { $0 }, in: &refusal, context.text)
        }
        let data = try await SalesPageData.load(for: book, entity: entity, request: request, context: context)
        let view = PriceBookEntriesView(context: context, book: book, entity: entity, entries: data?.entries ?? [], products: data?.products ?? [],
                                        refusal: refusal)
        return Layout.response(view.refusedPage(), status: .unprocessableEntity)
    }

    /// The editor's rows in order: `productId.3`, `minQuantity.3` and `unitPrice.3` make row 3.
    static func rows(_ form: [String: String]) -> [PriceBookEntriesView.Row] {
        var rows: [Int: PriceBookEntriesView.Row] = [:]
        for (name, value) in form {
            let parts = name.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let index = Int(parts[1]), (0..<PriceBookController.maximumEntries).contains(index) else { continue }
            switch parts[0] {
            case "productId": rows[index, default: .init()].productId = value
            case "minQuantity": rows[index, default: .init()].minQuantity = value
            case "unitPrice": rows[index, default: .init()].unitPrice = value
            default: continue
            }
        }
        return rows.sorted { $0.key < $1.key }.map(\.value)
    }

    /// The entries of the rows that are not blank, the row each came from, and the problems
    /// (named `entries[<row>].<field>`) of rows that cannot be read.
    static func entries(from rows: [PriceBookEntriesView.Row]) -> (entries: [PriceBookEntry], rowOfEntry: [Int], problems: [FieldError]) {
        var entries: [PriceBookEntry] = []
        var rowOfEntry: [Int] = []
        var problems: [FieldError] = []
        for (index, row) in rows.enumerated() where !row.isBlank {
            let path = "entries[\(index)]"
            let product = UUID(parsing: row.productId.trimmed)
            if product == nil {
                problems.append(FieldError(field: "\(path).productId", code: .required, message: "Choose a product."))
            }
            let minQuantity = row.minQuantity.trimmed.isEmpty ? 1 : Decimal.exact(row.minQuantity.trimmed)
            if minQuantity == nil {
                problems.append(FieldError(field: "\(path).minQuantity", code: .invalidType, message: "minQuantity must be a number such as 10."))
            }
            let unitPrice = Decimal.exact(row.unitPrice.trimmed)
            if unitPrice == nil {
                problems.append(FieldError(field: "\(path).unitPrice", code: row.unitPrice.trimmed.isEmpty ? .required : .invalidType,
                                           message: "unitPrice must be a number such as 12.50."))
            }
            if let product, let minQuantity, let unitPrice {
                entries.append(PriceBookEntry(productId: product, minQuantity: minQuantity, unitPrice: unitPrice))
                rowOfEntry.append(index)
            }
        }
        return (entries, rowOfEntry, problems)
    }

    /// Each error in the user's language next to its row (`entries[2].unitPrice` is row 2 of what
    /// `rowOf` maps); an error that names no row goes above the form.
    private static func place(_ errors: [FieldError], rowOf: (Int) -> Int?, in refusal: inout PriceBookEntriesView.Refusal, _ text: Catalogue) {
        for error in errors {
            let match = error.field.firstMatch(of: /^entries\[(\d+)\](?:\.(\w+))?/)
            let field = match.flatMap { $0.output.2.map(String.init) }
            let label = text[labelKeys[field ?? ""] ?? "pricebook.entries"]
            let message = error.code == ValidationCode.duplicateInRequest.rawValue ? text["pricebook.duplicateTier"]
                : text.validationMessage(error, label: label) ?? error.message
            if let index = match.flatMap({ Int($0.output.1) }).flatMap(rowOf) {
                refusal.messages[index, default: []].append(message)
            } else {
                refusal.formMessage = [refusal.formMessage, message].compactMap { $0 }.joined(separator: " ")
            }
        }
    }

    private static let labelKeys = ["productId": "pricebook.product", "minQuantity": "pricebook.minQuantity", "unitPrice": "pricebook.unitPrice"]
}
