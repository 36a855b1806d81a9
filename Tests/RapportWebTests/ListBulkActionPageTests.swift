import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// The bulk form of every list, posted as a signed-in person does: the checked rows change,
/// no other row does, and a row outside the person's scope stays as it was even if its id is sent.
@Suite("Bulk actions on the list pages", .serialized)
struct ListBulkActionPageTests {
    static let entities = ["account", "contact", "opportunity", "lead", "activity"]

    @Test("Every list offers assign owner, add tag and delete", arguments: entities)
    func everyActionOffered(entityName: String) async throws {
        try await APITestContext.with { context in
            // MUT
            let list = try await context.page("/\(Self.plural(entityName))", as: "rep")
            // validate
            #expect(list.status == .ok)
            let actions = list.text.matches(of: /<option value="(assign|tag|delete)">/).map { String($0.output.1) }
            #expect(actions == ["assign", "tag", "delete"], "\(entityName)")
            #expect(list.text.contains("<input id=\"bulk-tag\" name=\"tag\""), "\(entityName)")
        }
    }

    @Test("Whoever may not change the records gets no bulk form and no row checkboxes")
    func noBulkFormWithoutWriteAccess() async throws {
        try await APITestContext.with { context in
            // MUT
            let pages = [("readOnly", "/contacts"), ("readOnly", "/opportunities"), ("partner", "/orders")]
            for (user, path) in pages {
                let list = try await context.page(path, as: user)
                // validate
                #expect(list.status == .ok, "\(user) \(path)")
                #expect(!list.text.contains("id=\"bulk\""), "\(user) \(path)")
                #expect(!list.text.contains("name=\"ids\""), "\(user) \(path)")
                #expect(!list.text.contains("data-select-all"), "\(user) \(path)")
            }
            let rep = try await context.page("/orders", as: "rep")
            #expect(rep.text.contains("id=\"bulk\""), "a rep may change orders, so the form stays")
        }
    }

    @Test("Assign owner gives exactly the checked records to the chosen user", arguments: entities)
    func assignOwner(entityName: String) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let first = try await Self.create(entityName, "First", in: context, as: fixture.rep)
            let second = try await Self.create(entityName, "Second", in: context, as: fixture.rep)
            let unchecked = try await Self.create(entityName, "Unchecked", in: context, as: fixture.rep)
            // The manager's scope is the team tree; a dealer's record is outside it.
            let outside = try await Self.create(entityName, "Dealer's", in: context, as: fixture.partner)
            // MUT
            let reply = try await Self.bulk(entityName, in: context, as: "manager", [("action", "assign"), ("ownerId", fixture.rep2.userId.lowercaseString)],
                                            ids: [first, second, outside])
            // validate
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/\(Self.plural(entityName))?changed=2")
            #expect(try await Self.owner(of: first, entityName, context) == fixture.rep2.userId)
            #expect(try await Self.owner(of: second, entityName, context) == fixture.rep2.userId)
            #expect(try await Self.owner(of: unchecked, entityName, context) == fixture.rep.userId)
            #expect(try await Self.owner(of: outside, entityName, context) == fixture.partner.userId)
        }
    }

    @Test("Add tag adds the tag to each checked record and keeps the tags it had", arguments: entities)
    func addTag(entityName: String) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let tagged = try await Self.create(entityName, "Tagged", tags: ["vip", "export"], in: context, as: fixture.rep)
            let bare = try await Self.create(entityName, "Bare", in: context, as: fixture.rep)
            let already = try await Self.create(entityName, "Already", tags: ["renewal"], in: context, as: fixture.rep)
            let unchecked = try await Self.create(entityName, "Unchecked", tags: ["vip"], in: context, as: fixture.rep)
            let colleagues = try await Self.create(entityName, "Colleague's", tags: ["vip"], in: context, as: fixture.rep2)
            // MUT
            let reply = try await Self.bulk(entityName, in: context, as: "rep", [("action", "tag"), ("tag", " renewal ")],
                                            ids: [tagged, bare, already, colleagues])
            // validate
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/\(Self.plural(entityName))?changed=2", "a record that has the tag already is not changed")
            #expect(try await Self.tags(of: tagged, entityName, context) == ["vip", "export", "renewal"])
            #expect(try await Self.tags(of: bare, entityName, context) == ["renewal"])
            #expect(try await Self.tags(of: already, entityName, context) == ["renewal"])
            #expect(try await Self.tags(of: unchecked, entityName, context) == ["vip"])
            #expect(try await Self.tags(of: colleagues, entityName, context) == ["vip"])
            let found = try await context.page("/\(Self.plural(entityName))?filter%5Btags%5D%5Bcontains%5D=renewal&cols=\(Self.titleField(entityName))",
                                               as: "rep")
            #expect(Set(Self.titles(found.text)) == ["Tagged", "Bare", "Already"], "the list filters on the new tags")
        }
    }

    @Test("Delete moves exactly the checked records to the deleted ones, from where they can be restored", arguments: entities)
    func delete(entityName: String) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let first = try await Self.create(entityName, "First", in: context, as: fixture.rep)
            let second = try await Self.create(entityName, "Second", in: context, as: fixture.rep)
            let unchecked = try await Self.create(entityName, "Unchecked", in: context, as: fixture.rep)
            let colleagues = try await Self.create(entityName, "Colleague's", in: context, as: fixture.rep2)
            let plural = Self.plural(entityName)
            // MUT
            let reply = try await Self.bulk(entityName, in: context, as: "rep", [("action", "delete")], ids: [first, second, colleagues])
            // validate
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/\(plural)?changed=2")
            let live = try await context.page("/\(plural)?cols=\(Self.titleField(entityName))", as: "rep")
            #expect(Self.titles(live.text) == ["Unchecked"])
            // The deleted records are kept, for the API's restore.
            let deleted = try await context.send(.GET, "/api/v1/\(plural)?deleted=true", as: "rep")
            #expect(Set(deleted["data"]?.arrayValue?.compactMap { $0[Self.titleField(entityName)]?.stringValue } ?? []) == ["First", "Second"])
            #expect(try await Self.record(colleagues, entityName, context).deletedAt == nil)
            let restored = try await context.send(.POST, "/api/v1/\(plural)/\(first.lowercaseString)/restore", as: "rep")
            #expect(restored.status == .ok)
            let afterRestore = try await context.page("/\(plural)?cols=\(Self.titleField(entityName))", as: "rep")
            #expect(Set(Self.titles(afterRestore.text)) == ["First", "Unchecked"])
        }
    }

    // MARK: Helpers

    static func plural(_ entityName: String) -> String { Catalog.builtIn(named: entityName)!.plural }

    /// The field a record is called by, which the list links.
    static func titleField(_ entityName: String) -> String { entityName == "activity" ? "subject" : "name" }

    static func create(_ entityName: String, _ title: String, tags: [String]? = nil, in context: APITestContext, as principal: Principal) async throws -> UUID {
        var fields = JSONObject()
        fields[titleField(entityName)] = .string(title)
        switch entityName {
        case "activity": fields["type"] = .string("task")
        case "opportunity": fields["stageId"] = .string(try await context.fixture.stage().lowercaseString)
        default: break
        }
        if let tags { fields["tags"] = .array(tags.map(JSONValue.string)) }
        let json = JSONWriter.string(.object(fields))
        return try await context.fixture.create(entityName, json, as: principal).id
    }

    static func bulk(
        _ entityName: String, in context: APITestContext, as role: String, _ fields: [(String, String)], ids: [UUID]
    ) async throws -> APITestContext.PageReply {
        let plural = plural(entityName)
        let form = [("_csrf", try await context.csrf(as: role)), ("back", "/\(plural)")] + fields + ids.map { ("ids", $0.lowercaseString) }
        return try await context.post("/\(plural)/bulk", form: form, as: role)
    }

    /// The record as stored, deleted or not, read with the admin's scope.
    static func record(_ id: UUID, _ entityName: String, _ context: APITestContext) async throws -> Record {
        let fixture = context.fixture
        let entity = try #require(try await fixture.store.entity(named: entityName, tenantId: fixture.tenant.id))
        let found = try await fixture.store.list(entity, request: ListRequest(entity, where: [("id", .eq, [.id(id)])], sort: [], limit: 1),
                                                 principal: fixture.admin).records
        return try #require(found.first, "\(entityName) \(id) is readable")
    }

    static func owner(of id: UUID, _ entityName: String, _ context: APITestContext) async throws -> UUID? {
        try await record(id, entityName, context)["ownerId"].idValue
    }

    static func tags(of id: UUID, _ entityName: String, _ context: APITestContext) async throws -> [String] {
        try await record(id, entityName, context)["tags"].listValue ?? []
    }

    /// The records a list page shows, by the text of their links.
    static func titles(_ html: String) -> [String] {
        html.matches(of: /<td><a href="\/[a-z]+\/[0-9a-f-]{36}">([^<]*)<\/a><\/td>/).map { String($0.output.1) }
    }
}
