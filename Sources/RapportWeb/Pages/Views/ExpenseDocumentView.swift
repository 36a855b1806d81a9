import Foundation
import RapportDomain
import RapportPersistence

/// Where an expense stands and, for whoever may decide on it (the owner's manager or an
/// administrator, never the owner), the form that approves or rejects it with a comment.
struct ExpenseDocumentView {
    let model: RecordPageModel

    private var context: PageContext { model.context }
    private var text: Catalogue { context.text }
    private var expense: Record { model.record }
    private var status: String { expense["status"].textValue ?? "submitted" }
    private var path: String { SiteURL.record(model.entity, expense.id).path }

    func render() -> HTML {
        let decidedBy = expense["approverId"].idValue.flatMap { model.names[$0] }
        let decided: HTML? = status == "submitted" ? nil : """
            <p>\(text["field.expense.approverId"]): \(decidedBy ?? "—")\
            \(expense["decidedAt"].timestampValue.map { " · \(context.format.dateTime($0))" as HTML })</p>
            \(expense["decisionComment"].textValue.map { "<blockquote>\($0)</blockquote>" as HTML })
            """
        return """
            <section class="card wide" aria-labelledby="expense-status-title">
            <h2 id="expense-status-title">\(text["expense.decision.title"])</h2>
            <p>\(text["field.expense.status"]): <strong>\(text["choice.expense.status.\(status)"])</strong> · \
            \(expense["amount"].moneyValue.map(context.format.money) ?? "—")</p>
            \(decided)
            \(model.documentErrors["_form"].map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
            \(status == "submitted" && model.sales?.mayDecide == true ? form() : nil)
            </section>
            """
    }

    private func form() -> HTML {
        """
        <form method="post" action="\(path)/decide" class="decision">\(Layout.csrfField(context))
        <input type="hidden" name="version" value="\(expense.version)">
        <label for="expense-comment">\(text["expense.decision.comment"])</label>
        <textarea id="expense-comment" name="comment" maxlength="2000" rows="3"></textarea>
        <div class="actions">
        <button type="submit" name="decision" value="approve">\(text["expense.decision.approve"])</button>
        <button type="submit" name="decision" value="reject" class="secondary">\(text["expense.decision.reject"])</button>
        </div></form>
        """
    }
}
