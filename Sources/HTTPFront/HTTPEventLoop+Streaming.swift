import Glibc

extension HTTPEventLoop {
    /// `POLLRDHUP` (Linux, 0x2000): the peer shut down its sending side. Not exported by Swift's Glibc module.
    static let pollReadHangUp: Int16 = 0x2000

    /// Moves what the producer sent into the connection while it has room; ends the session when the stream
    /// finished or was dropped (overflow).
    func pump(_ index: Int, now: UInt64) {
        // An overflow is acted on at once, even while the connection is too full to take more.
        if slots[index].session?.stream.closeReason != nil {
            slots[index].connection.abort()
            endSession(index, reason: .slowConsumer)
            return
        }
        while slots[index].connection.wantsStreamData, let stream = slots[index].session?.stream {
            switch stream.take() {
            case .idle:
                return
            case .data(let bytes):
                slots[index].session?.bytes += bytes.count
                slots[index].connection.appendStreamData(bytes, now: now)
            case .finished(let bytes):
                slots[index].session?.bytes += bytes.count
                slots[index].connection.appendStreamData(bytes, now: now)
                slots[index].connection.endStream(now: now)
                endSession(index, reason: .finished)
                return
            case .closed:
                // The stream overflowed: the client is dropped mid-body, so it sees an incomplete response rather
                // than a clean end it might mistake for the whole.
                slots[index].connection.abort()
                endSession(index, reason: .slowConsumer)
                return
            }
        }
    }

    /// On stop: writes what the producer already sent, closes the stream (`.serverStopping`), and ends the body
    /// cleanly so the connection closes after its last chunk.
    func endStreamForShutdown(_ index: Int, now: UInt64) {
        guard let stream = slots[index].session?.stream else { return }
        switch stream.take() {
        case .data(let bytes), .finished(let bytes):
            slots[index].session?.bytes += bytes.count
            slots[index].connection.appendStreamData(bytes, now: now)
        case .idle, .closed:
            break
        }
        slots[index].connection.beginShutdown(now: now)
        slots[index].connection.endStream(now: now)
        endSession(index, reason: .serverStopping)
    }

    /// Closes the session's stream for `reason` (a no-op if it already ended) and logs the request.
    func endSession(_ index: Int, reason: HTTPResponseStream.CloseReason) {
        guard let session = slots[index].session else { return }
        slots[index].session = nil
        session.stream.close(reason)
        log(
            session.method, session.path, session.status, session.bytes, session.started, MonotonicTime.now(),
            remoteAddress: slots[index].context.remoteAddress)
    }
}
