import ArgumentParser
import Foundation
import RapportPersistence

/// Where the data lives, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(help: "Directory of the SQLite database (default $RAPPORT_DATA_DIR or ./rapport-data).")
    var dataDir: String?

    @ArgumentParser.Option(help: "PostgreSQL URL (default $DATABASE_URL); when set, SQLite is not used.")
    var databaseURL: String?

    var location: DatabaseLocation {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            if let url = databaseURL ?? environment["DATABASE_URL"], !url.isEmpty {
                guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                    throw ValidationError("--database-url must start with postgres:// (got \(url.prefix(20))…).")
                }
                return .postgres(url: url)
            }
            let directory = dataDir ?? environment["RAPPORT_DATA_DIR"] ?? "./rapport-data"
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("Cannot create the data directory \(directory): \(error.localizedDescription)")
            }
            return .sqliteFile(URL(fileURLWithPath: directory).appendingPathComponent("rapport.sqlite").path)
        }
    }

    /// Opens and migrates the database.
    func open() async throws -> Database {
        let location = try location
        do {
            let database = try await Database.open(location)
            try await SchemaMigrator(database: database).migrate()
            return database
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("Cannot open the database (\(Self.describe(location))): \(String(describing: error).prefix(300))")
        }
    }

    static func describe(_ location: DatabaseLocation) -> String {
        switch location {
        case .sqliteFile(let path): "SQLite file \(path)"
        case .postgres(let url):
            // Hide the password.
            "PostgreSQL \(url.replacingOccurrences(of: #"://([^:/@]+):[^@]*@"#, with: "://$1:***@", options: .regularExpression))"
        }
    }
}

/// Runs a command body, printing one clear line and exiting non-zero on failure.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ValidationError {
        FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
        throw ExitCode.failure
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(CLIErrorText.describe(error))\n".utf8))
        throw ExitCode.failure
    }
}
