import RapportDomain
import Vapor

/// An RFC 9457 problem: the one error shape of the API.
public struct Problem: Error, Sendable {
    public let status: HTTPResponseStatus
    /// Stable machine-readable code, e.g. `validation_failed`.
    public let code: String
    public let title: String
    public let detail: String
    public var errors: [FieldError] = []
    public var headers: HTTPHeaders = [:]

    public init(_ status: HTTPResponseStatus, code: String, title: String, detail: String, errors: [FieldError] = []) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    func json(instance: String, requestId: String) -> JSONValue {
        var object = JSONObject([
            "type": .string("https://rapport.invalid/problems/\(code)"),
            "title": .string(title),
            "status": .int(Int(status.code)),
            "detail": .string(detail),
            "code": .string(code),
            "instance": .string(instance),
            "requestId": .string(requestId),
        ])
        if !errors.isEmpty {
            object["errors"] = .array(errors.map { error in
                .object(JSONObject(["field": .string(error.field), "code": .string(error.code), "message": .string(error.message)]))
            })
        }
        return .object(object)
    }

    static func notFound(_ what: String = "record") -> Problem {
        Problem(.notFound, code: "not_found", title: "Not found", detail: "No \(what) with this id exists, or you may not see it.")
    }

    static func badRequest(_ code: String, _ detail: String) -> Problem {
        Problem(.badRequest, code: code, title: "Bad request", detail: detail)
    }

    static func validation(_ errors: [FieldError]) -> Problem {
        Problem(.unprocessableEntity, code: "validation_failed", title: "Invalid fields",
                detail: errors.count == 1 ? errors[0].message : "\(errors.count) fields are invalid; see errors.", errors: errors)
    }
}
