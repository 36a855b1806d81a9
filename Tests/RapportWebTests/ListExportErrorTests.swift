import Foundation
import RapportDomain
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("CSV export refusals", .serialized)
struct ListExportErrorTests {
    @Test("An export whose filter or sort the list engine refuses shows the list with the problem in the user's language",
          arguments: [("filter%5Btier%5D%5Bbetween%5D=key", ("filter[tier][between]", "key")), ("sort=nosuchfield", ("sort", "nosuchfield"))])
    func translated(query: String, pair: (String, String)) async throws {
        try await APITestContext.with { context in
            // setup
            try await context.setLanguage("ru", for: "admin")
            let refusal = try #require(Self.refusal(pair), "the list engine refuses \(query)")
            // MUT
            let export = try await context.page("/accounts/export.csv?\(query)")
            // validate
            #expect(export.status == .badRequest)
            #expect(export.headers.first(name: .contentType)?.hasPrefix("text/html") == true, "a page, not a CSV file")
            let message = ListController.message(for: refusal, entity: .account, Catalogue(.russian))
            #expect(message != refusal.message)
            #expect(export.text.contains("<p class=\"error\" role=\"alert\">\(HTML.escape(message))</p>"))
            #expect(!export.text.contains(HTML.escape(refusal.message)), "not the list engine's English")
        }
    }

    static func refusal(_ pair: (String, String)) -> ListRequestError? {
        do throws(ListRequestError) {
            _ = try ListRequestParser.parse([pair], entity: .account)
            return nil
        } catch {
            return error
        }
    }
}
