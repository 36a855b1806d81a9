import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Settings: an administrator hands a leaver's records to a successor, as one background job,
/// and follows its progress on the same page (`?job=<id>`), which reloads itself while the job runs.
extension SettingsPageController {
    struct ReassignForm: Content {
        var fromUserId: String?
        var toUserId: String?
        var entities: [String]?
        var accountCountry: String?
    }

    static func showReassign(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        var job: JobQueue.Job?
        if let id = request.query[String.self, at: "job"].flatMap(UUID.init(parsing:)) {
            job = try await request.application.jobs.queue.get(id: id, tenantId: context.user.tenantId)
            guard job?.isVisible(to: context.principal) == true, job?.kind == SalesJobs.reassignJob else { throw PageError.notFound }
        }
        let users = try await request.rapport.directory.users(tenantId: context.user.tenantId)
        var response = Layout.response(ReassignView(context: context, users: users, job: job).render())
        if let job, !job.state.isFinished { response.headers.replaceOrAdd(name: "Refresh", value: "2") }
        return response
    }

    static func reassign(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode(ReassignForm.self)
        let text = context.text
        var errors: [String: String] = [:]
        let from = form.fromUserId.flatMap(UUID.init(parsing:))
        let to = form.toUserId.flatMap(UUID.init(parsing:))
        if from == nil { errors["fromUserId"] = text.format("validation.required", ["field": text["reassign.from"]]) }
        if to == nil { errors["toUserId"] = text.format("validation.required", ["field": text["reassign.to"]]) }
        if let from, let to {
            let wanted = Reassignment.Request(fromUserId: from, toUserId: to, entities: form.entities ?? [], accountCountry: form.accountCountry)
            do {
                let (job, _) = try await ReassignmentController.enqueue(wanted, request: request, principal: context.principal)
                return request.redirect(to: "/settings/reassign?job=\(job.id.lowercaseString)", redirectType: .normal)
            } catch StoreError.validation(let failures) {
                for failure in failures {
                    let label = text["reassign.\(failure.field == "fromUserId" ? "from" : failure.field == "toUserId" ? "to" : failure.field == "entities" ? "entities" : "country")"]
                    errors[failure.field, default: ""] += text.validationMessage(failure, label: label) ?? failure.message
                }
            }
        }
        let users = try await request.rapport.directory.users(tenantId: context.user.tenantId)
        let view = ReassignView(context: context, users: users, job: nil, errors: errors, form: form)
        return Layout.response(view.render(), status: .unprocessableEntity)
    }
}
