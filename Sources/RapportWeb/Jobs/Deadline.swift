import Synchronization

/// Waiting for tasks with a time limit. A task group would not do: it waits for all of its
/// children, and awaiting a task's value does not stop when the waiter is cancelled.
enum Deadline {
    /// True when every task finished within `limit`.
    static func wait(for tasks: [Task<Void, Never>], atMost limit: Duration) async -> Bool {
        let answer = Answer()
        return await withCheckedContinuation { continuation in
            answer.set(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                answer.give(false)
            }
            Task {
                for task in tasks { await task.value }
                timer.cancel()
                answer.give(true)
            }
        }
    }

    /// Resumes its continuation once, with whichever answer comes first.
    private final class Answer: Sendable {
        private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

        func set(_ continuation: CheckedContinuation<Bool, Never>) {
            self.continuation.withLock { $0 = continuation }
        }

        func give(_ value: Bool) {
            continuation.withLock { $0.take() }?.resume(returning: value)
        }
    }
}
