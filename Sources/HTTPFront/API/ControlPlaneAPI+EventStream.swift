import EventStore
import Foundation
import Synchronization

extension ControlPlaneAPI {
    /// `GET /api/events/stream`: the ledger as server-sent events — first every event after `after` (or the
    /// `Last-Event-ID` a reconnecting client sends), then each new one as it is appended, by this server or any
    /// other process. One event per ledger line: `id` is the seq, `event` the type, `data` the envelope as JSON.
    static var eventStreamRoutes: [APIRoute] {
        var route = APIRoute(
            .get, "/api/events/stream", id: "streamEvents", tag: "ledger",
            summary: "server-sent events: every ledger event after `after` or Last-Event-ID, then new ones live",
            permission: .readEvents,
            parameters: [
                .query(
                    "after", .integer(minimum: 0, maximum: 9_007_199_254_740_991),
                    "start after this seq (default: the head, i.e. only new events); Last-Event-ID wins"),
                .query("follow", .boolean(), "false: send the events up to the head, then end (default true)"),
            ],
            response: .string(
                description: "text/event-stream; each message: id = seq, event = type, data = the envelope JSON"),
            errors: [.serviceUnavailable]
        ) { request, state in
            let after: Int
            do {
                if let resumed = try request.http.lastEventSequence() {
                    after = Int(clamping: resumed)
                } else {
                    after = try request.integer("after") ?? state.ledger.head().seq
                }
            } catch let error as LastEventIDError {
                throw APIError.badRequest("\(error)")
            }
            guard let subscription = EventStreamSubscriptions.shared.open() else {
                throw APIError(
                    .serviceUnavailable, "too_many_streams",
                    "The server already feeds \(EventStreamSubscriptions.maximum) event streams; retry later or poll "
                        + "GET /api/events?after=SEQ.")
            }
            let stream = HTTPResponseStream()
            let tail = LedgerTail(
                ledger: state.ledger, after: after, follow: request.flag("follow") ?? true, stream: stream)
            let thread = Thread {
                tail.run()
                subscription.close()
            }
            thread.name = "sse-ledger-tail"
            thread.start()
            return APIRoute.Reply(eventStream: stream)
        }
        route.contentType = "text/event-stream"
        return [route]
    }
}

/// Feeds one event stream from the ledger on its own thread (never an event loop, never the concurrency pool).
struct LedgerTail: Sendable {
    /// How often the head is looked at while nothing new arrived.
    static let pollInterval = Duration.milliseconds(250)
    /// A comment sent after this long without events, so proxies keep the connection and a vanished client is
    /// noticed at the next write.
    static let heartbeatInterval = Duration.seconds(15)
    /// Events read per look.
    static let batch = 256

    let ledger: Ledger
    let after: Int
    let follow: Bool
    let stream: HTTPResponseStream

    /// Sends events until the client goes, the server stops, or (not following) the head is reached.
    func run() {
        var next = after + 1
        guard stream.send(ServerSentEvent(retry: 2000)) else { return }
        var quiet = Duration.zero
        while stream.isOpen {
            let events: [LedgerEvent]
            do {
                // The head alone (no file opened for reading) tells whether there is anything to send.
                events = try ledger.head().seq >= next ? ledger.events(from: next, limit: Self.batch) : []
            } catch {
                _ = stream.send(ServerSentEvent(event: "error", data: "the ledger could not be read: \(error)"))
                stream.finish()
                return
            }
            for event in events {
                let data = (try? event.jsonValue.canonicalBytes()).map { String(decoding: $0, as: UTF8.self) }
                guard stream.send(ServerSentEvent(id: String(event.seq), event: event.type, data: data ?? "{}"))
                else { return }
                next = event.seq + 1
            }
            if events.count == Self.batch { continue }
            guard follow else {
                stream.finish()
                return
            }
            if stream.waitUntilClosed(timeout: Self.pollInterval) { return }
            quiet = events.isEmpty ? quiet + Self.pollInterval : .zero
            if quiet >= Self.heartbeatInterval {
                quiet = .zero
                guard stream.send(.heartbeat) else { return }
            }
        }
    }
}

/// Counts open event streams against a cap, so a flood of subscribers cannot start unbounded threads.
final class EventStreamSubscriptions: Sendable {
    /// Streams one server process feeds at once.
    static let maximum = 256
    /// The process-wide count.
    static let shared = EventStreamSubscriptions()

    private let count = Mutex(0)

    /// A slot, or nil when `maximum` streams are open.
    func open() -> Subscription? {
        count.withLock { count in
            guard count < Self.maximum else { return nil }
            count += 1
            return Subscription(owner: self)
        }
    }

    /// One open stream's slot; `close()` gives it back.
    struct Subscription: Sendable {
        let owner: EventStreamSubscriptions
        func close() { owner.count.withLock { $0 -= 1 } }
    }
}
