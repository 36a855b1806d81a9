import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Lists as the API builds them: query pairs through ``ListRequestParser``, then the store.
@Suite("List queries")
struct ListQueryTests {
    // MARK: Data

    /// Ten contacts in creation (seq) order. Blank cells are left unset (NULL).
    ///
    ///     name         influence birthday    decisionRole   emailConsent emails                  title                  account
    ///     Anna         5         1980-03-01  decisionMaker  true         anna@acme.com           CEO                    Acme
    ///     Boris        3         1990-07-15  influencer     false        []                                             Acme
    ///     Иван Петров  3                     evaluator                   ivan@globex.ru          Директор               Globex
    ///     Carla        1         2000-12-31                 true                                 ""
    ///     David                  1975-01-01  user
    ///     Emma         2         1990-07-15  gatekeeper     false        emma@acme.com, e@home   CTO                    Acme
    ///     Farid
    ///     Greta        4         1985-05-05  decisionMaker  true                                 Buyer 100%             Globex
    ///     Hugo         3         1970-10-10  influencer
    ///     Ирина                  1995-02-28                                                      директор по закупкам
    static let contacts = [
        #"{"name": "Anna", "influence": 5, "birthday": "1980-03-01", "decisionRole": "decisionMaker", "emailConsent": true, "emails": ["anna@acme.com"], "title": "CEO", "accountId": "@acme"}"#,
        #"{"name": "Boris", "influence": 3, "birthday": "1990-07-15", "decisionRole": "influencer", "emailConsent": false, "emails": [], "accountId": "@acme"}"#,
        #"{"name": "Иван Петров", "influence": 3, "decisionRole": "evaluator", "emails": ["ivan@globex.ru"], "title": "Директор", "accountId": "@globex"}"#,
        #"{"name": "Carla", "influence": 1, "birthday": "2000-12-31", "emailConsent": true, "title": ""}"#,
        #"{"name": "David", "birthday": "1975-01-01", "decisionRole": "user"}"#,
        #"{"name": "Emma", "influence": 2, "birthday": "1990-07-15", "decisionRole": "gatekeeper", "emailConsent": false, "emails": ["emma@acme.com", "e@home.org"], "title": "CTO", "accountId": "@acme"}"#,
        #"{"name": "Farid"}"#,
        #"{"name": "Greta", "influence": 4, "birthday": "1985-05-05", "decisionRole": "decisionMaker", "emailConsent": true, "title": "Buyer 100%", "accountId": "@globex"}"#,
        #"{"name": "Hugo", "influence": 3, "birthday": "1970-10-10", "decisionRole": "influencer"}"#,
        #"{"name": "Ирина", "birthday": "1995-02-28", "title": "директор по закупкам"}"#,
    ]

    static let accounts = [
        #"{"name": "Acme", "tags": ["vip", "dealer"]}"#,
        #"{"name": "Globex", "tags": ["dealer"]}"#,
        #"{"name": "Initech", "tags": []}"#,
        #"{"name": "Umbrella"}"#,
        #"{"name": "Hooli", "tags": ["vip-gold"]}"#,
    ]

    static let opportunities = [
        #"{"name": "O1", "stageId": "@stage", "amount": {"amount": "999.99", "currency": "USD"}, "expectedCloseDate": "2026-03-31"}"#,
        #"{"name": "O2", "stageId": "@stage", "amount": {"amount": "1000.00", "currency": "EUR"}, "expectedCloseDate": "2026-06-30"}"#,
        #"{"name": "O3", "stageId": "@stage", "amount": {"amount": "1000.50", "currency": "USD"}}"#,
        #"{"name": "O4", "stageId": "@stage", "expectedCloseDate": "2026-01-15"}"#,
        #"{"name": "O5", "stageId": "@stage", "amount": {"amount": "25000", "currency": "USD"}, "expectedCloseDate": "2026-06-30"}"#,
    ]

    static let activities = [
        #"{"type": "call", "subject": "A", "dueAt": "2026-01-10T09:00:00Z"}"#,
        #"{"type": "call", "subject": "B", "dueAt": "2026-01-10T09:00:00.500Z", "done": true}"#,
        #"{"type": "meeting", "subject": "C", "dueAt": "2026-02-01T00:00:00+02:00"}"#,
        #"{"type": "task", "subject": "D"}"#,
        #"{"type": "note", "subject": "E", "dueAt": "2025-12-31T23:59:59Z", "done": false}"#,
    ]

    /// A tenant with the four data sets above, all owned by the admin.
    struct Dataset: Sendable {
        let fixture: TenantFixture
        let ids: [String: UUID]

        var store: EntityStore { fixture.store }

        static func make() async throws -> Dataset {
            let fixture = try await TenantFixture.make("lists")
            var ids: [String: UUID] = ["stage": try await fixture.stage()]
            func create(_ entity: String, _ bodies: [String]) async throws {
                for body in bodies {
                    var json = body
                    for (key, id) in ids { json = json.replacingOccurrences(of: "\"@\(key)\"", with: "\"\(id)\"") }
                    let record = try await fixture.create(entity, json, as: fixture.admin)
                    let label = (record["name"].textValue ?? record["subject"].textValue)!
                    ids[label.lowercased()] = record.id
                }
            }
            try await create("account", ListQueryTests.accounts)
            try await create("contact", ListQueryTests.contacts)
            try await create("opportunity", ListQueryTests.opportunities)
            try await create("activity", ListQueryTests.activities)
            return Dataset(fixture: fixture, ids: ids)
        }

        func entity(_ name: String) async throws -> EntityDefinition {
            try #require(try await store.entity(named: name, tenantId: fixture.tenant.id))
        }

        /// Parses the pairs as the API would (with `@name` standing for a record's id) and lists as admin.
        func list(_ entityName: String, _ pairs: [(String, String)], as principal: Principal? = nil) async throws -> EntityStore.Page {
            let entity = try await entity(entityName)
            let resolved = pairs.map { name, value in
                let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { part in
                    part.hasPrefix("@") ? ids[String(part.dropFirst())]?.uuidString ?? String(part) : String(part)
                }
                return (name, parts.joined(separator: ","))
            }
            let request = try ListRequestParser.parse(resolved, entity: entity)
            return try await store.list(entity, request: request, principal: principal ?? fixture.admin)
        }

        /// Every page of a list, following cursors.
        func walk(_ entityName: String, _ pairs: [(String, String)]) async throws -> (labels: [String], pages: Int) {
            var labels: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await list(entityName, pairs + (cursor.map { [("cursor", $0)] } ?? []))
                labels += page.records.map(Self.label)
                cursor = page.nextCursor
                pages += 1
                if pages > 50 { throw FixtureError("the cursor never ran out") }
            } while cursor != nil
            return (labels, pages)
        }

        static func label(_ record: Record) -> String {
            (record["name"].textValue ?? record["subject"].textValue) ?? "?"
        }
    }

    // MARK: Filters

    struct FilterCase: Sendable, CustomTestStringConvertible {
        let entity: String
        let pairs: [(String, String)]
        let expected: Set<String>

        init(_ entity: String, _ name: String, _ value: String, _ expected: Set<String>) {
            self.entity = entity
            self.pairs = [(name, value)]
            self.expected = expected
        }

        var testDescription: String { "\(entity) " + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&") }
    }

    static let everyContact: Set<String> = ["Anna", "Boris", "Иван Петров", "Carla", "David", "Emma", "Farid", "Greta", "Hugo", "Ирина"]

    static let filterCases: [FilterCase] = [
        // text
        FilterCase("contact", "filter[name]", "Anna", ["Anna"]),
        FilterCase("contact", "filter[name][eq]", "Иван Петров", ["Иван Петров"]),
        FilterCase("contact", "filter[name][ne]", "Anna", everyContact.subtracting(["Anna"])),
        FilterCase("contact", "filter[name][lt]", "Carla", ["Anna", "Boris"]),
        FilterCase("contact", "filter[name][gte]", "Hugo", ["Hugo", "Иван Петров", "Ирина"]),
        FilterCase("contact", "filter[name][in]", "Anna,Ирина,Nobody", ["Anna", "Ирина"]),
        FilterCase("contact", "filter[name][contains]", "иван", ["Иван Петров"]),
        FilterCase("contact", "filter[name][contains]", "ПЕТР", ["Иван Петров"]),
        FilterCase("contact", "filter[name][contains]", "AR", ["Carla", "Farid"]),
        FilterCase("contact", "filter[title][contains]", "ДИРЕКТОР", ["Иван Петров", "Ирина"]),
        FilterCase("contact", "filter[title][contains]", "%", ["Greta"]),
        FilterCase("contact", "filter[title][contains]", "_", []),
        FilterCase("contact", "filter[title][empty]", "true", ["Boris", "Carla", "David", "Farid", "Hugo"]),
        FilterCase("contact", "filter[title][empty]", "false", ["Anna", "Иван Петров", "Emma", "Greta", "Ирина"]),
        // integer
        FilterCase("contact", "filter[influence]", "3", ["Boris", "Иван Петров", "Hugo"]),
        FilterCase("contact", "filter[influence][ne]", "3", ["Anna", "Carla", "David", "Emma", "Farid", "Greta", "Ирина"]),
        FilterCase("contact", "filter[influence][lt]", "3", ["Carla", "Emma"]),
        FilterCase("contact", "filter[influence][lte]", "3", ["Boris", "Иван Петров", "Carla", "Emma", "Hugo"]),
        FilterCase("contact", "filter[influence][gt]", "3", ["Anna", "Greta"]),
        FilterCase("contact", "filter[influence][gte]", "4", ["Anna", "Greta"]),
        FilterCase("contact", "filter[influence][in]", "1,5", ["Anna", "Carla"]),
        FilterCase("contact", "filter[influence][empty]", "true", ["David", "Farid", "Ирина"]),
        FilterCase("contact", "filter[influence][empty]", "false", everyContact.subtracting(["David", "Farid", "Ирина"])),
        // date
        FilterCase("contact", "filter[birthday]", "1990-07-15", ["Boris", "Emma"]),
        FilterCase("contact", "filter[birthday][lt]", "1980-03-01", ["David", "Hugo"]),
        FilterCase("contact", "filter[birthday][lte]", "1980-03-01", ["Anna", "David", "Hugo"]),
        FilterCase("contact", "filter[birthday][gte]", "1990-07-15", ["Boris", "Carla", "Emma", "Ирина"]),
        FilterCase("contact", "filter[birthday][empty]", "true", ["Иван Петров", "Farid"]),
        // choice
        FilterCase("contact", "filter[decisionRole]", "decisionMaker", ["Anna", "Greta"]),
        FilterCase("contact", "filter[decisionRole][ne]", "decisionMaker", everyContact.subtracting(["Anna", "Greta"])),
        FilterCase("contact", "filter[decisionRole][in]", "influencer,user", ["Boris", "David", "Hugo"]),
        FilterCase("contact", "filter[decisionRole][empty]", "true", ["Carla", "Farid", "Ирина"]),
        // boolean
        FilterCase("contact", "filter[emailConsent]", "true", ["Anna", "Carla", "Greta"]),
        FilterCase("contact", "filter[emailConsent]", "false", ["Boris", "Emma"]),
        FilterCase("contact", "filter[emailConsent][ne]", "true", ["Boris", "Иван Петров", "David", "Emma", "Farid", "Hugo", "Ирина"]),
        FilterCase("contact", "filter[emailConsent][empty]", "true", ["Иван Петров", "David", "Farid", "Hugo", "Ирина"]),
        // list
        FilterCase("contact", "filter[emails][contains]", "e@home.org", ["Emma"]),
        FilterCase("contact", "filter[emails][contains]", "acme.com", []),
        FilterCase("contact", "filter[emails][empty]", "true", ["Boris", "Carla", "David", "Farid", "Greta", "Hugo", "Ирина"]),
        FilterCase("contact", "filter[emails][empty]", "false", ["Anna", "Иван Петров", "Emma"]),
        FilterCase("account", "filter[tags][contains]", "vip", ["Acme"]),
        FilterCase("account", "filter[tags][contains]", "dealer", ["Acme", "Globex"]),
        FilterCase("account", "filter[tags][empty]", "true", ["Initech", "Umbrella"]),
        FilterCase("account", "filter[tags][empty]", "false", ["Acme", "Globex", "Hooli"]),
        // reference
        FilterCase("contact", "filter[accountId]", "@acme", ["Anna", "Boris", "Emma"]),
        FilterCase("contact", "filter[accountId][in]", "@acme,@globex", ["Anna", "Boris", "Иван Петров", "Emma", "Greta"]),
        FilterCase("contact", "filter[accountId][ne]", "@acme", ["Иван Петров", "Carla", "David", "Farid", "Greta", "Hugo", "Ирина"]),
        FilterCase("contact", "filter[accountId][empty]", "true", ["Carla", "David", "Farid", "Hugo", "Ирина"]),
        FilterCase("opportunity", "filter[stageId]", "@stage", ["O1", "O2", "O3", "O4", "O5"]),
        // money (amounts compare as numbers, whatever the currency)
        FilterCase("opportunity", "filter[amount][gte]", "1000", ["O2", "O3", "O5"]),
        FilterCase("opportunity", "filter[amount][lt]", "1000.5", ["O1", "O2"]),
        FilterCase("opportunity", "filter[amount]", "1000.50", ["O3"]),
        FilterCase("opportunity", "filter[amount][gt]", "999.989", ["O1", "O2", "O3", "O5"]),
        FilterCase("opportunity", "filter[amount][empty]", "true", ["O4"]),
        // date on another entity
        FilterCase("opportunity", "filter[expectedCloseDate][lte]", "2026-06-30", ["O1", "O2", "O4", "O5"]),
        FilterCase("opportunity", "filter[expectedCloseDate][gt]", "2026-03-31", ["O2", "O5"]),
        // timestamp: millisecond precision and zones
        FilterCase("activity", "filter[dueAt][gte]", "2026-01-01T00:00:00Z", ["A", "B", "C"]),
        FilterCase("activity", "filter[dueAt][lt]", "2026-01-10T09:00:00.500Z", ["A", "E"]),
        FilterCase("activity", "filter[dueAt][lte]", "2026-01-10T11:00:00.500+02:00", ["A", "B", "E"]),
        FilterCase("activity", "filter[dueAt][gt]", "2026-01-31T21:59:59Z", ["C"]),
        FilterCase("activity", "filter[dueAt]", "2026-01-31T22:00:00Z", ["C"]),
        FilterCase("activity", "filter[dueAt][empty]", "true", ["D"]),
        FilterCase("activity", "filter[type][in]", "call,meeting", ["A", "B", "C"]),
        FilterCase("activity", "filter[done]", "true", ["B"]),
        FilterCase("activity", "filter[done]", "false", ["A", "C", "D", "E"]),
    ]

    @Test("Each filter operator selects exactly the matching rows", arguments: filterCases)
    func filter(_ filterCase: FilterCase) async throws {
        // setup
        let data = try await Dataset.make()
        // MUT
        let page = try await data.list(filterCase.entity, filterCase.pairs)
        // validate
        let labels = page.records.map(Dataset.label)
        #expect(Set(labels) == filterCase.expected)
        #expect(labels.count == Set(labels).count)
    }

    @Test("Filters combine with AND")
    func combinedFilters() async throws {
        let data = try await Dataset.make()
        let page = try await data.list("contact", [
            ("filter[influence][gte]", "3"), ("filter[accountId]", "@acme"), ("filter[emailConsent][empty]", "false"),
        ])
        #expect(Set(page.records.map(Dataset.label)) == ["Anna", "Boris"])
    }

    @Test("Bad list parameters are refused with a code and the parameter", arguments: [
        ("filter[nope]", "1", "filter[nope]", "unknown_field"),
        ("filter[influence][like]", "1", "filter[influence][like]", "invalid_operator"),
        ("filter[emails][eq]", "a@b.co", "filter[emails][eq]", "invalid_operator"),
        ("filter[influence][contains]", "1", "filter[influence][contains]", "invalid_operator"),
        ("filter[emailConsent][gt]", "true", "filter[emailConsent][gt]", "invalid_operator"),
        ("filter[influence]", "three", "filter[influence]", "invalid_type"),
        ("filter[birthday][gt]", "31.12.2000", "filter[birthday][gt]", "invalid_date"),
        ("filter[decisionRole]", "boss", "filter[decisionRole]", "invalid_choice"),
        ("filter[influence][empty]", "yes", "filter[influence][empty]", "invalid_boolean"),
        ("sort", "emails", "sort", "unsortable_field"),
        ("sort", "emailConsent", "sort", "unsortable_field"),
        ("sort", "shoeSize", "sort", "unknown_field"),
        ("sort", "name,title,birthday,influence", "sort", "too_many_keys"),
        ("limit", "0", "limit", "invalid_limit"),
        ("limit", "501", "limit", "invalid_limit"),
        ("count", "1", "count", "invalid_boolean"),
        ("page", "2", "page", "unknown_parameter"),
    ])
    func badParameters(name: String, value: String, parameter: String, code: String) throws {
        do {
            _ = try ListRequestParser.parse([(name, value)], entity: .contact)
            Issue.record("accepted")
        } catch {
            #expect(error.code == code, "\(error.message)")
            #expect(error.parameter == parameter)
        }
    }

    @Test("An amount filter with an exponent is refused")
    func amountExponent() throws {
        #expect(throws: ListRequestError.self) {
            try ListRequestParser.parse([("filter[amount][gt]", "1e3")], entity: .opportunity)
        }
    }

    // MARK: Sorting

    static let sortCases: [(String, [String])] = [
        ("name", ["Anna", "Boris", "Carla", "David", "Emma", "Farid", "Greta", "Hugo", "Иван Петров", "Ирина"]),
        ("-name", ["Ирина", "Иван Петров", "Hugo", "Greta", "Farid", "Emma", "David", "Carla", "Boris", "Anna"]),
        // NULL first ascending; ties in creation order.
        ("influence", ["David", "Farid", "Ирина", "Carla", "Emma", "Boris", "Иван Петров", "Hugo", "Greta", "Anna"]),
        // NULL last descending; ties in reverse creation order.
        ("-influence", ["Anna", "Greta", "Hugo", "Иван Петров", "Boris", "Emma", "Carla", "Ирина", "Farid", "David"]),
        ("birthday", ["Иван Петров", "Farid", "Hugo", "David", "Anna", "Greta", "Boris", "Emma", "Ирина", "Carla"]),
        ("-birthday,name", ["Carla", "Ирина", "Boris", "Emma", "Greta", "Anna", "David", "Hugo", "Farid", "Иван Петров"]),
        // Ties on the last key run in its direction: Ирина before Farid, Hugo before Boris.
        ("decisionRole,-influence", ["Carla", "Ирина", "Farid", "Anna", "Greta", "Иван Петров", "Emma", "Hugo", "Boris", "David"]),
    ]

    @Test("Sorting orders rows, NULL first ascending and last descending on every database", arguments: sortCases)
    func sort(sort: String, expected: [String]) async throws {
        // setup
        let data = try await Dataset.make()
        // MUT
        let page = try await data.list("contact", [("sort", sort)])
        // validate
        #expect(page.records.map(Dataset.label) == expected)
        #expect(page.nextCursor == nil)
    }

    @Test("The default sort of each entity", arguments: [
        ("account", ["Acme", "Globex", "Hooli", "Initech", "Umbrella"]),
        ("opportunity", ["O3", "O4", "O1", "O2", "O5"]),
        ("activity", ["C", "B", "A", "E", "D"]),
    ])
    func defaultSort(entity: String, expected: [String]) async throws {
        let data = try await Dataset.make()
        let page = try await data.list(entity, [])
        #expect(page.records.map(Dataset.label) == expected)
    }

    @Test("Money sorts by amount", arguments: [
        ("amount", ["O4", "O1", "O2", "O3", "O5"]),
        ("-amount", ["O5", "O3", "O2", "O1", "O4"]),
    ])
    func moneySort(sort: String, expected: [String]) async throws {
        let data = try await Dataset.make()
        let page = try await data.list("opportunity", [("sort", sort)])
        #expect(page.records.map(Dataset.label) == expected)
    }

    // MARK: Paging

    static let pagedSorts = ["", "name", "-name", "influence", "-influence", "birthday", "-birthday,name", "decisionRole,-influence", "-decisionRole,influence"]

    @Test("Walking the cursor visits every row once, in the order of one big page", arguments: pagedSorts, [2, 3])
    func paging(sort: String, limit: Int) async throws {
        // setup
        let data = try await Dataset.make()
        let sortPair = sort.isEmpty ? [] : [("sort", sort)]
        let whole = try await data.list("contact", sortPair).records.map(Dataset.label)
        // MUT
        let walked = try await data.walk("contact", sortPair + [("limit", String(limit))])
        // validate
        #expect(whole.count == Self.contacts.count)
        #expect(walked.labels == whole)
        #expect(walked.pages == (Self.contacts.count + limit - 1) / limit)
    }

    @Test("Paging over money and timestamps, with NULLs", arguments: [
        ("opportunity", "amount"), ("opportunity", "-amount"), ("opportunity", "expectedCloseDate,-amount"),
        ("activity", "dueAt"), ("activity", "-dueAt"),
    ])
    func pagingOtherTypes(entity: String, sort: String) async throws {
        let data = try await Dataset.make()
        let whole = try await data.list(entity, [("sort", sort)]).records.map(Dataset.label)
        let walked = try await data.walk(entity, [("sort", sort), ("limit", "2")])
        #expect(whole.count == 5)
        #expect(walked.labels == whole)
        #expect(walked.pages == 3)
    }

    @Test("Paging with a filter and a NULL-heavy sort", arguments: ["influence", "-influence", "birthday", "-birthday"])
    func pagingFiltered(sort: String) async throws {
        let data = try await Dataset.make()
        let filter = [("filter[accountId][ne]", "@acme"), ("sort", sort)]
        let whole = try await data.list("contact", filter).records.map(Dataset.label)
        let walked = try await data.walk("contact", filter + [("limit", "2")])
        #expect(whole.count == 7)
        #expect(walked.labels == whole)
    }

    @Test("A cursor still works after the row it points at is deleted")
    func cursorSurvivesDeletion() async throws {
        // setup
        let data = try await Dataset.make()
        let first = try await data.list("contact", [("sort", "influence"), ("limit", "3")])
        let cursor = try #require(first.nextCursor)
        let last = try #require(first.records.last)
        try await data.store.delete(try await data.entity("contact"), id: last.id, principal: data.fixture.admin, expectedVersion: nil)
        // MUT
        let second = try await data.list("contact", [("sort", "influence"), ("limit", "3"), ("cursor", cursor)])
        // validate
        #expect(first.records.map(Dataset.label) == ["David", "Farid", "Ирина"])
        #expect(second.records.map(Dataset.label) == ["Carla", "Emma", "Boris"])
    }

    @Test("A cursor that the list did not issue is refused", arguments: [
        // The fourth is well-formed but for the sort "name".
        "garbage", "", "%%%", "eyJ2IjpbM10sInMiOjEsImYiOiJuYW1lIn0", String(repeating: "A", count: 5000),
    ])
    func invalidCursor(cursor: String) async throws {
        let data = try await Dataset.make()
        let error = await #expect(throws: ListRequestError.self) {
            _ = try await data.list("contact", [("sort", "influence"), ("cursor", cursor)])
        }
        #expect(error?.code == "invalid_cursor")
        #expect(error?.parameter == "cursor")
    }

    @Test("A cursor from one sort is refused by another")
    func cursorFromOtherSort() async throws {
        let data = try await Dataset.make()
        let page = try await data.list("contact", [("sort", "name"), ("limit", "2")])
        let cursor = try #require(page.nextCursor)
        do {
            _ = try await data.list("contact", [("sort", "-name"), ("limit", "2"), ("cursor", cursor)])
            Issue.record("accepted a cursor from another sort")
        } catch let error as ListRequestError {
            #expect(error.code == "invalid_cursor")
        }
        let next = try await data.list("contact", [("sort", "name"), ("limit", "2"), ("cursor", cursor)])
        #expect(next.records.map(Dataset.label) == ["Carla", "David"])
    }

    // MARK: Totals, deletion and restore

    @Test("count=true adds the total of all matching rows, not of the page")
    func total() async throws {
        let data = try await Dataset.make()
        let counted = try await data.list("contact", [("filter[influence][gte]", "3"), ("limit", "2"), ("count", "true")])
        let uncounted = try await data.list("contact", [("filter[influence][gte]", "3"), ("limit", "2")])
        let all = try await data.list("contact", [("count", "true"), ("limit", "1")])
        #expect(counted.records.count == 2)
        #expect(counted.total == 5)
        #expect(counted.nextCursor != nil)
        #expect(uncounted.total == nil)
        #expect(all.total == 10)
    }

    @Test("The total counts only what the principal may see")
    func totalRespectsScope() async throws {
        let data = try await Dataset.make()
        try await data.fixture.create("contact", #"{"name": "Mine"}"#, as: data.fixture.rep)
        let page = try await data.list("contact", [("count", "true")], as: data.fixture.rep)
        #expect(page.records.map(Dataset.label) == ["Mine"])
        #expect(page.total == 1)
    }

    @Test("A deleted row leaves lists, search and totals, shows under deleted=true, and restore brings it back")
    func softDelete() async throws {
        // setup
        let data = try await Dataset.make()
        let contacts = try await data.entity("contact")
        let boris = try #require(data.ids["boris"])
        // MUT
        try await data.store.delete(contacts, id: boris, principal: data.fixture.admin, expectedVersion: 1)
        // validate
        let live = try await data.list("contact", [("count", "true")])
        #expect(!live.records.map(\.id).contains(boris))
        #expect(live.total == 9)
        #expect(try await data.list("contact", [("q", "Boris")]).records.isEmpty)
        let deleted = try await data.list("contact", [("deleted", "true"), ("count", "true")])
        #expect(deleted.records.map(\.id) == [boris])
        #expect(deleted.total == 1)
        #expect(deleted.records.first?.deletedAt != nil)
        await #expect(throws: StoreError.self) { _ = try await data.store.get(contacts, id: boris, principal: data.fixture.admin) }
        // A filter still applies to deleted rows.
        #expect(try await data.list("contact", [("deleted", "true"), ("filter[influence]", "5")]).records.isEmpty)

        // MUT
        let restored = try await data.store.restore(contacts, id: boris, principal: data.fixture.admin)
        // validate
        #expect(restored["name"] == .text("Boris"))
        #expect(restored["influence"] == .integer(3))
        #expect(restored.deletedAt == nil)
        #expect(restored.version == 3)
        #expect(try await data.list("contact", [("count", "true")]).total == 10)
        #expect(try await data.list("contact", [("deleted", "true")]).records.isEmpty)
        #expect(try await data.list("contact", [("q", "Boris")]).records.map(\.id) == [boris])
    }

    @Test("The bin shows the deleted records the principal can read; only those who can write them restore them")
    func deletedScope() async throws {
        let data = try await Dataset.make()
        let contacts = try await data.entity("contact")
        let mine = try await data.fixture.create("contact", #"{"name": "Mine"}"#, as: data.fixture.rep)
        try await data.store.delete(contacts, id: mine.id, principal: data.fixture.rep, expectedVersion: nil)
        try await data.store.delete(contacts, id: data.ids["anna"]!, principal: data.fixture.admin, expectedVersion: nil)
        let repBin = try await data.list("contact", [("deleted", "true")], as: data.fixture.rep)
        #expect(repBin.records.map(\.id) == [mine.id])
        await #expect(throws: StoreError.self) {
            _ = try await data.store.restore(contacts, id: data.ids["anna"]!, principal: data.fixture.rep)
        }
        await #expect(throws: StoreError.self) {
            _ = try await data.store.restore(contacts, id: mine.id, principal: data.fixture.readOnly)
        }
        let back = try await data.store.restore(contacts, id: mine.id, principal: data.fixture.rep)
        #expect(back.deletedAt == nil)
    }
}
