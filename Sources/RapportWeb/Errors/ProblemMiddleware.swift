import Logging
import RapportDomain
import RapportPersistence
import Vapor

/// Turns every error into problem+json. Internal details are logged, never sent.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = Self.problem(for: error)
            if problem.status.code >= 500 {
                request.logger.critical("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            if ErrorView.wantsPage(request) {
                return Layout.response(ErrorView.render(status: problem.status, code: problem.code, language: Self.language(request), requestId: request.id), status: problem.status)
            }
            let body = problem.json(instance: request.url.path, requestId: request.id)
            var headers = problem.headers
            headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
            return Response(status: problem.status, headers: headers, body: .init(data: Data(JSONWriter.bytes(body))))
        }
    }

    private static func language(_ request: Request) -> Language {
        PageContext.language(user: try? request.session.user, request: request)
    }

    static func problem(for error: any Error) -> Problem {
        switch error {
        case let pageError as PageError:
            return pageError == .notFound ? .notFound("page") : Problem(.forbidden, code: "csrf", title: "Forbidden", detail: "The form had expired.")
        case let problem as Problem:
            return problem
        case let failure as JSONParser.Failure:
            return Problem(.badRequest, code: "malformed_json", title: "Malformed JSON", detail: failure.message)
        case let failure as ValidationFailure:
            return .validation(failure.errors)
        case let listError as ListRequestError:
            return Problem(.badRequest, code: listError.code, title: "Bad query parameter", detail: listError.message,
                           errors: [FieldError(field: listError.parameter, code: listError.code, message: listError.message)])
        case let storeError as StoreError:
            return problem(for: storeError)
        case let abort as any AbortError:
            let code: String = switch abort.status {
            case .payloadTooLarge: "body_too_large"
            case .notFound: "not_found"
            case .methodNotAllowed: "method_not_allowed"
            case .unsupportedMediaType: "unsupported_media_type"
            case .unauthorized: "unauthorized"
            default: "http_\(abort.status.code)"
            }
            let detail = abort.status == .payloadTooLarge ? "The request body is larger than this endpoint accepts." : abort.reason
            var problem = Problem(abort.status, code: code, title: abort.status.reasonPhrase, detail: detail)
            problem.headers = abort.headers
            return problem
        default:
            return Problem(.internalServerError, code: "internal_error", title: "Internal error",
                           detail: "Something went wrong on our side. Quote the request id when you report it.")
        }
    }

    static func problem(for error: StoreError) -> Problem {
        switch error {
        case .notFound(let entity): return .notFound(entity)
        case .forbidden(let reason, let code): return Problem(.forbidden, code: code, title: "Forbidden", detail: reason)
        case .validation(let errors): return .validation(errors)
        case .versionMismatch(let current):
            var problem = Problem(.preconditionFailed, code: "version_mismatch", title: "Changed meanwhile",
                                  detail: "The record is now at version \(current); reload it and apply your change again.")
            problem.headers.replaceOrAdd(name: .eTag, value: "\"\(current)\"")
            return problem
        case .conflict(let code, let detail): return Problem(.conflict, code: code, title: "Conflict", detail: detail)
        case .badRequest(let code, let detail): return Problem(.badRequest, code: code, title: "Bad request", detail: detail)
        }
    }
}
