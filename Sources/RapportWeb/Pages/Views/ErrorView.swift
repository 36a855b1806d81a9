import Foundation
import RapportPersistence
import Vapor

/// The one friendly error page: what happened in plain words and the request id to quote,
/// never the internal error text.
enum ErrorView {
    /// `code` is the problem's code; a refusal with its own words (`error.forbidden.<code>`) says why.
    static func render(status: HTTPResponseStatus, code: String = "", language: Language, requestId: String) -> HTML {
        let text = Catalogue.shared(language)
        let (title, message): (String, String) = switch status {
        case .notFound: (text["error.notFoundTitle"], text["record.notFoundText"])
        case .forbidden: (text["error.title"], text.refusal(code: code))
        default: (text["error.title"], text["error.text"])
        }
        return Layout.document(language: language, title: title, body: """
            <main id="main" class="narrow">
            <h1>\(title)</h1>
            <p>\(message)</p>
            <p class="muted">\(text["error.text"]) <code>\(requestId)</code></p>
            <p><a href="/">\(text["error.back"])</a></p>
            </main>
            """)
    }

    /// Browsers get pages; the API, metrics and health checks keep problem+json.
    static func wantsPage(_ request: Request) -> Bool {
        let path = request.url.path
        return !path.hasPrefix("/api/") && !["/health", "/ping", "/metrics"].contains(path)
    }
}
