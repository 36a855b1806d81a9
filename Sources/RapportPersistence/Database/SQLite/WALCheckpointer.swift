import NIOPosix

/// Copies committed pages from the write-ahead log back into the database file, off the
/// request's path. SQLite's own automatic checkpoint runs inside whichever commit crosses the
/// threshold; after a 10,000-row bulk write that made one request half a second slower.
actor WALCheckpointer {
    /// SQLite's default threshold: a WAL of about 4 MB.
    static let thresholdFrames = 1_000

    private let path: String
    private var handle: SQLiteHandle?
    private var running: Task<Void, Never>?
    private var committedSinceStart = false

    init(path: String) {
        self.path = path
    }

    /// Called after commits that leave the WAL over the threshold; commits during a checkpoint
    /// get one more pass after it.
    func committed() {
        guard running == nil else {
            committedSinceStart = true
            return
        }
        running = Task { await drain() }
    }

    /// Waits for the checkpoint in progress and closes the checkpoint connection.
    func finish() async {
        await running?.value
        handle?.close()
        handle = nil
    }

    private func drain() async {
        repeat {
            committedSinceStart = false
            await checkpoint()
        } while committedSinceStart
        running = nil
    }

    private func checkpoint() async {
        do {
            let handle = try handle ?? SQLiteHandle(path: path)
            self.handle = handle
            // PASSIVE never waits for readers or the writer; a pool thread, not an event loop, waits for the disk.
            try await NIOThreadPool.singleton.runIfActive {
                try handle.run("PRAGMA wal_checkpoint(PASSIVE)", binds: []) { _ in }
            }
        } catch {
            // The next commit over the threshold tries again; SQLite recovers a long WAL on open.
        }
    }
}
