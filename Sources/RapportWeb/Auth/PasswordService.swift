import Vapor

/// bcrypt hashing, run off the event loop because it is slow on purpose.
public struct PasswordService: Sendable {
    let cost: Int

    public init(cost: Int) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// Minimum quality for a new password.
    public static func problem(with password: String) -> String? {
        password.count < 10 ? "Passwords have at least 10 characters." : password.count > 200 ? "Passwords have at most 200 characters." : nil
    }
}
