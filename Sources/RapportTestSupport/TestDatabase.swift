import Foundation
import NIOCore
import NIOPosix
import RapportDomain
import RapportPersistence

/// The database the suite runs on: SQLite unless `RAPPORT_TEST_DB=postgres`, when
/// `RAPPORT_TEST_POSTGRES_URL` must point at a server (the suite fails rather than skip).
public enum TestDatabase {
    public static var kind: Dialect {
        ProcessInfo.processInfo.environment["RAPPORT_TEST_DB"] == "postgres" ? .postgres : .sqlite
    }

    /// A loop of the group the database's pools run on, as a request's would be.
    public static var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }

    public static var location: DatabaseLocation {
        switch kind {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("rapport-test-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
            return .sqliteFile(path)
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES_URL"] else {
                fatalError("RAPPORT_TEST_DB=postgres needs RAPPORT_TEST_POSTGRES_URL (scripts/test sets both).")
            }
            return .postgres(url: url)
        }
    }

    /// One migrated database per test process; tests isolate themselves by tenant.
    public static func shared() async throws -> Database {
        try await SharedDatabase.instance.get()
    }
}

private actor SharedDatabase {
    static let instance = SharedDatabase()
    private var opening: Task<Database, any Error>?

    func get() async throws -> Database {
        if let opening { return try await opening.value }
        let task = Task {
            let database = try await Database.open(TestDatabase.location)
            try await SchemaMigrator(database: database).migrate()
            return database
        }
        opening = task
        return try await task.value
    }
}
