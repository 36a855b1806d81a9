import Foundation
import RapportDomain
import RapportTestSupport
import Testing
import Vapor

@Suite("List pages: sort by column and page by cursor", .serialized)
struct ListPagingTests {
    /// More than two pages of 50, with five equal names where the first page ends, so a cursor
    /// that only knew the name would repeat or skip some of them.
    static let names: [String] = (0..<105).map { index in
        "Contact " + String(format: "%03d", (48...52).contains(index) ? 48 : index)
    }

    @Test("The Name header sorts contacts ascending, then descending, in exactly that order")
    func sortByHeader() async throws {
        try await APITestContext.with { context in
            // setup
            try await Self.createContacts(context)
            let sorted = Self.names.sorted()
            let unsorted = try await context.page("/contacts?sort=-updatedAt", as: "rep")
            // MUT
            let ascending = try await context.page(try #require(Self.headerLink("Name", in: unsorted.text)), as: "rep")
            let descending = try await context.page(try #require(Self.headerLink("Name", in: ascending.text)), as: "rep")
            // validate
            #expect(Self.rows(ascending.text).map(\.name) == Array(sorted.prefix(50)))
            #expect(ascending.text.contains("aria-sort=\"ascending\""))
            #expect(Self.rows(descending.text).map(\.name) == Array(sorted.reversed().prefix(50)))
            #expect(descending.text.contains("aria-sort=\"descending\""))
            #expect(Self.rows(unsorted.text).map(\.name) != Self.rows(ascending.text).map(\.name), "the records were not made in name order")
        }
    }

    @Test("Following the next-page link shows every contact exactly once, in order, both ways", arguments: ["name", "-name"])
    func nextPageLinks(sort: String) async throws {
        try await APITestContext.with { context in
            // setup
            let created = try await Self.createContacts(context)
            var path: String? = "/contacts?sort=\(sort)"
            var pages: [[(id: String, name: String)]] = []
            // MUT
            while let next = path, pages.count < 5 {
                let reply = try await context.page(next, as: "rep")
                #expect(reply.status == .ok)
                pages.append(Self.rows(reply.text))
                path = Self.nextLink(in: reply.text)
            }
            // validate
            #expect(pages.map(\.count) == [50, 50, 5])
            let seen = pages.flatMap { $0 }
            let expected = sort == "name" ? Self.names.sorted() : Self.names.sorted().reversed()
            #expect(seen.map(\.name) == expected)
            #expect(Set(seen.map(\.id)).count == seen.count, "no record shown twice")
            #expect(Set(seen.map(\.id)) == created, "no record left out")
        }
    }

    /// Makes the contacts in an order unlike the sorted one (37 and 105 share no factor).
    @discardableResult
    static func createContacts(_ context: APITestContext) async throws -> Set<String> {
        var ids: Set<String> = []
        for step in 0..<names.count {
            let name = names[step * 37 % names.count]
            ids.insert(try await context.fixture.create("contact", #"{"name": "\#(name)"}"#, as: context.fixture.rep).id.lowercaseString)
        }
        return ids
    }

    /// The table's rows: the id of the record each links to and its name as shown.
    static func rows(_ html: String) -> [(id: String, name: String)] {
        html.matches(of: /<td><a href="\/contacts\/([0-9a-f-]{36})">([^<]*)<\/a><\/td>/).map { (String($0.output.1), String($0.output.2)) }
    }

    static func headerLink(_ label: String, in html: String) -> String? {
        html.matches(of: /<th scope="col"[^>]*><a href="([^"]+)"[^>]*>([^<]+)<\/a><\/th>/)
            .first { $0.output.2.hasPrefix(label) }
            .map { String($0.output.1).replacingOccurrences(of: "&amp;", with: "&") }
    }

    static func nextLink(in html: String) -> String? {
        html.firstMatch(of: /<a rel="next" href="([^"]+)">/).map { String($0.output.1).replacingOccurrences(of: "&amp;", with: "&") }
    }
}
