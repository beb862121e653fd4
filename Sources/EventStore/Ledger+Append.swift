import Dispatch
import Glibc

/// Decides whether events that landed after the seq a command decided on matter to it; returns the reason they
/// do, or nil to let the command through.
public typealias ConflictCheck = @Sendable (_ since: [LedgerEvent]) -> String?

/// One caller's append, waiting in the commit queue.
///
/// `outcome` and `promoted` are written by the committing leader before it signals `wake`, and read by the waiting
/// caller only after `wake.wait()` returns: the semaphore orders the accesses, hence `@unchecked Sendable`.
final class PendingAppend: @unchecked Sendable {
    let events: [NewEvent]
    let actor: LedgerActor
    let command: String
    let expectedSeq: Int?
    let conflicts: ConflictCheck?
    let wake = DispatchSemaphore(value: 0)
    var outcome: Result<AppendResult, LedgerError>?
    var promoted = false

    init(events: [NewEvent], actor: LedgerActor, command: String, expectedSeq: Int?, conflicts: ConflictCheck?) {
        self.events = events
        self.actor = actor
        self.command = command
        self.expectedSeq = expectedSeq
        self.conflicts = conflicts
    }
}

extension Ledger {
    /// Appends the events of one command atomically and durably, then returns them with their envelopes.
    ///
    /// - `command`: the command's id (idempotency key). If it was recorded before, nothing is written and the
    ///   original events are returned with `replayed == true`.
    /// - `expectedSeq`: the head seq the command decided on. If the head has moved, `conflicts` is asked about the
    ///   newer events (no check given: any newer event is a conflict) and a conflict throws without writing.
    /// Returns only after the bytes are on stable storage (`fsync`).
    public func append(
        _ events: [NewEvent], actor: LedgerActor, command: String, expectedSeq: Int? = nil,
        conflicts: ConflictCheck? = nil
    ) throws(LedgerError) -> AppendResult {
        try LedgerLineEncoder.validateLabel(command, name: "command")
        try LedgerLineEncoder.validateLabel(actor.user, name: "actor.user")
        try LedgerLineEncoder.validateLabel(actor.role, name: "actor.role")
        guard !events.isEmpty else {
            throw .invalidEvent(type: nil, path: "events", reason: "is empty; a command must record at least one event")
        }
        for event in events { try LedgerLineEncoder.validate(event) }

        let request = PendingAppend(
            events: events, actor: actor, command: command, expectedSeq: expectedSeq, conflicts: conflicts)
        let leads = queue.withLock { queue in
            queue.pending.append(request)
            if queue.leaderActive { return false }
            queue.leaderActive = true
            return true
        }
        if !leads {
            request.wake.wait()
        }
        if leads || request.promoted {
            lead()
        }
        guard let outcome = request.outcome else {
            throw .io(operation: "append (no outcome recorded)", path: ledgerPath, errno: EIO)
        }
        return try outcome.get()
    }

    /// Commits everything queued, then hands leadership to the next waiter (if any) so no caller waits on others'
    /// batches after its own is done.
    private func lead() {
        let batch = queue.withLock { queue in
            let batch = queue.pending
            queue.pending.removeAll()
            return batch
        }
        commit(batch)
        let next = queue.withLock { queue -> PendingAppend? in
            guard let next = queue.pending.first else {
                queue.leaderActive = false
                return nil
            }
            return next
        }
        for request in batch { request.wake.signal() }
        if let next {
            next.promoted = true
            next.wake.signal()
        }
    }

    private func commit(_ batch: [PendingAppend]) {
        state.withLock { state in
            do throws(LedgerError) {
                guard !state.readOnly else {
                    throw LedgerError.io(
                        operation: "append (the data folder is read-only for this user)", path: ledgerPath,
                        errno: EROFS)
                }
                try state.lock.lock(LOCK_EX)
                defer { state.lock.unlock() }
                try state.followReplacement()
                try state.catchUp(quarantining: true, ledger: self)
                if let damage = state.index.damage { throw damage }
                try write(batch, state: &state)
            } catch {
                for request in batch where request.outcome == nil { request.outcome = .failure(error) }
            }
        }
    }

    /// Stages every request of the batch in order, writes the staged lines with one `write` and one `fsync`.
    private func write(_ batch: [PendingAppend], state: inout FileState) throws(LedgerError) {
        var staged = StagedBatch(headSeq: state.index.headSeq, headHash: state.index.headHash)
        var accepted: [PendingAppend] = []
        for request in batch {
            if let firstSeq = state.index.firstSeq(ofCommand: request.command) {
                let original = try readCommand(request.command, from: firstSeq, state: state)
                if !original.isEmpty {
                    request.outcome = .success(AppendResult(events: original, replayed: true))
                    continue
                }
            }
            if let events = staged.byCommand[request.command] {
                request.outcome = .success(AppendResult(events: events, replayed: true))
                continue
            }
            if let expected = request.expectedSeq, expected != staged.headSeq {
                let reason: String?
                if expected > staged.headSeq {
                    reason = "the stated seq is beyond the head"
                } else {
                    let since =
                        try readEvents(after: expected, state: state) + staged.events.filter { $0.seq > expected }
                    reason = request.conflicts.map { $0(since) } ?? "\(since.count) newer event(s)"
                }
                if let reason {
                    request.outcome = .failure(
                        .conflict(expectedSeq: expected, headSeq: staged.headSeq, reason: reason))
                    continue
                }
            }
            if staged.headSeq == 0 {
                let genesis = NewEvent(
                    type: "ledger.created", data: ["format": "dm-ledger/1", "ledger_id": .string(newID())])
                _ = try staged.add(genesis, actor: request.actor, command: newID(), ledger: self)
            }
            var written: [LedgerEvent] = []
            for event in request.events {
                written.append(try staged.add(event, actor: request.actor, command: request.command, ledger: self))
            }
            staged.byCommand[request.command] = written
            request.outcome = .success(AppendResult(events: written, replayed: false))
            accepted.append(request)
        }
        guard !staged.bytes.isEmpty else { return }
        let before = state.index.foldedSize
        do throws(LedgerError) {
            try state.ledger.writeAll(staged.bytes)
            try state.ledger.sync()
            // Replaced while we wrote (a rename takes no lock): those bytes went to a file nobody will read.
            guard state.pathStillNamesTheLedger() else {
                throw .io(
                    operation: "append (the ledger file was replaced meanwhile; retry)", path: ledgerPath, errno: ESTALE
                )
            }
        } catch {
            // Leave no partial batch behind: it was never acknowledged.
            try? state.ledger.truncate(to: before)
            try? state.ledger.sync()
            for request in accepted { request.outcome = .failure(error) }
            return
        }
        for (event, length) in zip(staged.events, staged.lineLengths) {
            state.index.recordWritten(seq: event.seq, hash: event.hash, command: event.command, lineLength: length)
        }
    }

    private func readEvents(after seq: Int, state: FileState) throws(LedgerError) -> [LedgerEvent] {
        let offsets = state.index.lineOffsets
        guard seq < offsets.count else { return [] }
        var cursor = try LedgerCursor(path: ledgerPath, offset: offsets[seq], firstSeq: seq + 1)
        var events: [LedgerEvent] = []
        while let event = try cursor.next() { events.append(event) }
        return events
    }

    private func readCommand(_ command: String, from seq: Int, state: FileState) throws(LedgerError) -> [LedgerEvent] {
        var cursor = try LedgerCursor(path: ledgerPath, offset: state.index.lineOffsets[seq - 1], firstSeq: seq)
        var events: [LedgerEvent] = []
        while let event = try cursor.next(), event.command == command { events.append(event) }
        return events
    }
}

/// Lines built for one commit, not yet written.
private struct StagedBatch {
    var headSeq: Int
    var headHash: SHA256Digest
    var bytes: [UInt8] = []
    var events: [LedgerEvent] = []
    var lineLengths: [Int] = []
    var byCommand: [String: [LedgerEvent]] = [:]

    init(headSeq: Int, headHash: SHA256Digest) {
        self.headSeq = headSeq
        self.headHash = headHash
    }

    mutating func add(_ event: NewEvent, actor: LedgerActor, command: String, ledger: Ledger) throws(LedgerError)
        -> LedgerEvent
    {
        let seq = headSeq + 1
        let id = ledger.newID()
        let at = LedgerClock.rfc3339(ledger.clock())
        let (line, hash) = try LedgerLineEncoder.encode(
            seq: seq, id: id, at: at, actor: actor, type: event.type, data: event.data, command: command, prev: headHash
        )
        let written = LedgerEvent(
            seq: seq, id: id, at: at, actor: actor, type: event.type, data: event.data, command: command,
            prev: headHash, hash: hash)
        bytes.append(contentsOf: line)
        events.append(written)
        lineLengths.append(line.count)
        headSeq = seq
        headHash = hash
        return written
    }
}
