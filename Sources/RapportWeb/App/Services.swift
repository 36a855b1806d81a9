import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The application's dependencies, made once at start and passed to handlers.
public struct RapportServices: Sendable {
    public let database: Database
    public let store: EntityStore
    public let directory: Directory
    public let tokens: TokenStore
    public let pipelines: PipelineStore
    public let passwords: PasswordService
    public let authenticator: TokenAuthenticator
    public let throttle: LoginThrottle
    public let metrics: Metrics

    public init(database: Database, config: AppConfig) {
        self.database = database
        self.store = EntityStore(database: database)
        self.directory = Directory(database: database)
        self.tokens = TokenStore(database: database)
        self.pipelines = PipelineStore(database: database)
        self.passwords = PasswordService(cost: config.passwordCost)
        self.authenticator = TokenAuthenticator(tokens: tokens, directory: directory)
        self.throttle = LoginThrottle(policy: config.loginThrottle)
        self.metrics = Metrics()
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = RapportServices }

    public var rapport: RapportServices {
        get { storage[ServicesKey.self]! }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var rapport: RapportServices { application.rapport }
}
