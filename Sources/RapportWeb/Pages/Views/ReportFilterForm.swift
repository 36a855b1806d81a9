import Foundation
import RapportDomain

/// The filter forms of the report pages (the sales reports and the receivables): each filter a
/// label above its control, choice lists that start with "—" for no filter, and the query the
/// CSV export link repeats.
enum ReportFilterForm {
    /// One filter; `id` is its control's, which the label names.
    static func field(id: String, label: String, control: HTML) -> HTML {
        "<div class=\"filter\"><label for=\"\(id)\">\(label)</label>\(control)</div>"
    }

    static func date(id: String, name: String, label: String, value: String) -> HTML {
        field(id: id, label: label, control: "<input id=\"\(id)\" name=\"\(name)\" type=\"date\" value=\"\(value)\">")
    }

    /// `describedBy`: the id of a note that says how the filter applies.
    static func select(id: String, name: String, label: String, options: [HTML], describedBy: String? = nil) -> HTML {
        let note: HTML? = describedBy.map { " aria-describedby=\"\($0)\"" }
        return field(id: id, label: label, control: "<select id=\"\(id)\" name=\"\(name)\"\(note)>\(options)</select>")
    }

    /// The choices as options, the one whose value is `selected` (in any case) marked; first "—"
    /// (no filter) unless `empty` is false.
    static func options(_ choices: [(String, String)], selected: String?, empty: Bool = true) -> [HTML] {
        (empty ? [HTML(trusted: "<option value=\"\">—</option>")] : []) + choices.map { value, label in
            let mark: HTML = value.lowercased() == selected?.lowercased() ? " selected" : ""
            return "<option value=\"\(value)\"\(mark)>\(label)</option>"
        }
    }

    /// Records by id and name.
    static func options(_ choices: [(UUID, String)], selected: String?, empty: Bool = true) -> [HTML] {
        options(choices.map { ($0.0.lowercaseString, $0.1) }, selected: selected, empty: empty)
    }

    /// The form's values as a query string, keys in order, for the export link.
    static func csvQuery(_ query: [String: String]) -> String {
        query.sorted { $0.key < $1.key }.compactMap { key, value in
            value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))).map { "\(key)=\($0)" }
        }.joined(separator: "&")
    }

    /// The sales reports' form (`/reports/<path>`): period, team, owner and product, then the
    /// report's own `extra` filters, the buttons, and `productRule`, how the product narrows the
    /// report, where its figures are not all about deals.
    static func sales(path: String, query: [String: String], teams: [(UUID, String)], users: [(UUID, String)], products: [(UUID, String)],
                      extra: [HTML], productRule: String?, text: Catalogue) -> HTML {
        let rule: HTML? = productRule.map { "\n<p class=\"muted\" id=\"r-product-rule\">\($0)</p>" }
        let product = select(id: "r-product", name: "productId", label: text["report.productId"], options: options(products, selected: query["productId"]),
                             describedBy: productRule == nil ? nil : "r-product-rule")
        return """
            <form method="get" action="/reports/\(path)" class="filters card">
            \(date(id: "r-from", name: "from", label: text["report.from"], value: query["from"] ?? ""))
            \(date(id: "r-to", name: "to", label: text["report.to"], value: query["to"] ?? ""))
            \(select(id: "r-team", name: "teamId", label: text["report.teamId"], options: options(teams, selected: query["teamId"])))
            \(select(id: "r-owner", name: "ownerId", label: text["report.ownerId"], options: options(users, selected: query["ownerId"])))
            \(product)
            \(extra)
            <button type="submit">\(text["report.show"])</button>
            <a class="button secondary" href="/reports/\(path).csv?\(csvQuery(query))">\(text["list.export"])</a>\(rule)
            </form>
            """
    }
}
