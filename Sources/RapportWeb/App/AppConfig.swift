import Foundation
import RapportPersistence

/// Everything the server needs to start, read once from flags and environment.
public struct AppConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database: DatabaseLocation
    /// bcrypt cost; tests lower it to keep suites fast.
    public var passwordCost = 11
    public var loginThrottle = LoginThrottle.Policy.standard
    public var logLevel = "info"

    public init(database: DatabaseLocation) { self.database = database }
}
