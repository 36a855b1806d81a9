import Foundation
import RapportDomain
import RapportPersistence

/// One line a person can act on, for errors that reach the command line.
enum CLIErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case StoreError.validation(let errors): errors.map(\.message).joined(separator: " ")
        case StoreError.conflict(_, let message): message
        case StoreError.forbidden(let message, _): message
        case StoreError.notFound(let entity): "No such \(entity)."
        case StoreError.badRequest(_, let message): message
        case let error as ConfigurationError: error.description
        default: String(describing: error)
        }
    }
}

/// Writes a line to standard output at once, so a supervisor sees it while the server runs.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
