import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import SQLKit
import Testing
import Vapor

@Suite("The friendly page for internal errors", .serialized)
struct InternalErrorPageTests {
    /// Words that would show a database error or a Swift error's description got through.
    static let internals = ["saved_views", "SELECT", "no such table", "does not exist", "relation", "SQLite", "PSQL", "Postgres",
                            "Failure", "Error(", "RapportPersistence", "RapportWeb", ".swift"]

    @Test("A database failure inside a page handler shows the friendly page with the request id and no internal text")
    func databaseFailure() async throws {
        try await Self.withThrowawayDatabase { database in
            try await APITestContext.with(database: database) { context in
                // setup
                #expect(try await context.page("/contacts", as: "rep").status == .ok)
                try await database.withConnection { db in
                    try await db.raw(database.dialect == .postgres ? "DROP TABLE saved_views CASCADE" : "DROP TABLE saved_views").run()
                }
                // MUT
                let reply = try await context.page("/contacts", as: "rep")
                let russian = try await context.page("/contacts", as: "rep", language: "ru-RU,ru;q=0.8")
                // validate
                #expect(reply.status == .internalServerError)
                #expect(reply.headers.contentType == .html)
                let requestId = try #require(reply.headers.first(name: "X-Request-Id"))
                #expect(reply.text.contains("<code>\(requestId)</code>"))
                #expect(reply.text.contains("<h1>Something went wrong</h1>"))
                #expect(reply.text.contains("If it happens again, quote this request id:"))
                for word in Self.internals { #expect(!reply.text.contains(word), "the page shows \"\(word)\"") }
                #expect(russian.status == .internalServerError)
                #expect(russian.text.contains("<h1>Что-то пошло не так</h1>"))
                #expect(russian.text.contains("<code>\(try #require(russian.headers.first(name: "X-Request-Id")))</code>"))
                #expect(requestId != russian.headers.first(name: "X-Request-Id"), "each request has its own id")
                #expect(try await context.page("/me", as: "rep").status == .ok, "pages that do not need the lost table still work")
            }
        }
    }

    /// A migrated database of its own, dropped afterwards, for a test that breaks it.
    static func withThrowawayDatabase(_ body: (RapportPersistence.Database) async throws -> Void) async throws {
        let name = "rapport_broken_" + UUID().uuidString.prefix(8).lowercased()
        let location: DatabaseLocation
        let cleanup: () async throws -> Void
        switch TestDatabase.location {
        case .sqliteFile:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            location = .sqliteFile(path)
            cleanup = { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        case .postgres(let url):
            let shared = try await TestDatabase.shared()
            try await shared.withConnection { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
            let slash = try #require(url.lastIndex(of: "/"))
            let query = url[slash...].firstIndex(of: "?").map { String(url[$0...]) } ?? ""
            location = .postgres(url: String(url[..<slash]) + "/" + name + query)
            cleanup = { try await shared.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() } }
        }
        let database: RapportPersistence.Database
        do {
            database = try await RapportPersistence.Database.open(location)
        } catch {
            try await cleanup()
            throw error
        }
        do {
            try await SchemaMigrator(database: database).migrate()
            try await body(database)
        } catch {
            await database.shutdown()
            try await cleanup()
            throw error
        }
        await database.shutdown()
        try await cleanup()
    }
}
