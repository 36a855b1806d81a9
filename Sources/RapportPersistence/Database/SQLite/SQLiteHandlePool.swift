import Synchronization

/// Hands out SQLite handles, one task at a time each, opening up to `limit` of them.
final class SQLiteHandlePool: Sendable {
    private struct State {
        var idle: [SQLiteHandle] = []
        var opened = 0
        var waiters: [CheckedContinuation<SQLiteHandle, Never>] = []
    }

    let path: String
    private let limit: Int
    private let onCommit: @Sendable (_ framesInLog: Int) -> Void
    private let state = Mutex(State())

    init(path: String, limit: Int, onCommit: @escaping @Sendable (_ framesInLog: Int) -> Void) {
        self.path = path
        self.limit = limit
        self.onCommit = onCommit
    }

    func withHandle<T>(_ body: (SQLiteHandle) async throws -> T) async throws -> T {
        let handle = try await acquire()
        defer { release(handle) }
        return try await body(handle)
    }

    /// Runs `body` on a handle that is free now, or answers nil at once when every handle is busy.
    func withIdleHandle<T>(_ body: (SQLiteHandle) throws -> T) throws -> T? {
        guard let handle = try acquireWithoutWaiting() else { return nil }
        defer { release(handle) }
        return try body(handle)
    }

    private enum Next { case use(SQLiteHandle), open, wait }

    /// An idle handle, a newly opened one while under the limit, or nil.
    private func acquireWithoutWaiting() throws -> SQLiteHandle? {
        let next: Next = state.withLock { state in
            if let handle = state.idle.popLast() { return .use(handle) }
            if state.opened < limit { state.opened += 1; return .open }
            return .wait
        }
        switch next {
        case .use(let handle): return handle
        case .open:
            do {
                return try SQLiteHandle(path: path, onCommit: onCommit)
            } catch {
                state.withLock { $0.opened -= 1 }
                throw error
            }
        case .wait: return nil
        }
    }

    private func acquire() async throws -> SQLiteHandle {
        if let handle = try acquireWithoutWaiting() { return handle }
        return await withCheckedContinuation { continuation in
            let ready: SQLiteHandle? = state.withLock { state in
                if let handle = state.idle.popLast() { return handle }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func release(_ handle: SQLiteHandle) {
        let waiter: CheckedContinuation<SQLiteHandle, Never>? = state.withLock { state in
            if state.waiters.isEmpty { state.idle.append(handle); return nil }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: handle)
    }

    func close() {
        let handles = state.withLock { state in
            defer { state.idle.removeAll() }
            return state.idle
        }
        for handle in handles { handle.close() }
    }
}
