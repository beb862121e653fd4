import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// The ledger: events after a seq, head, verification.
    static var ledgerRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/events", id: "listEvents", tag: "ledger",
                summary: "ledger events after a seq, oldest first (poll with next_after)", permission: .readEvents,
                parameters: [
                    .query(
                        "after", .integer(minimum: 0, maximum: 9_007_199_254_740_991), "return events with seq > after"),
                    .query(
                        "page_size", .integer(minimum: 1, maximum: APIPage.maximumSize),
                        "events per page (default \(APIPage.defaultSize))"),
                    .query(
                        "type", .string(maxLength: 200), "only events of this type, or of this prefix ending in '.'"),
                    .query("actor", .string(maxLength: 64), "only events recorded by this user"),
                ],
                response: .object(
                    [
                        "items": .array(.map(.any(), description: "one ledger envelope")),
                        "after": .integer(minimum: 0), "next_after": .integer(minimum: 0),
                        "page_size": .integer(minimum: 1), "total": .integer(minimum: 0),
                        "head_seq": .integer(minimum: 0),
                    ], required: ["items", "after", "next_after", "page_size", "total", "head_seq"])
            ) { request, state in
                let after = request.integer("after") ?? 0
                let size = request.integer("page_size") ?? APIPage.defaultSize
                let type = request.string("type")
                let actor = request.string("actor")
                let projections = try state.projections()
                let head = try state.ledger.head().seq
                var items: [JSONValue] = []
                var last = after
                var cursor = try state.ledger.cursor(from: after + 1)
                // Scan a bounded window so a rare type cannot make one request read the whole ledger.
                var scanned = 0
                while items.count < size, scanned < size * 20, let event = try cursor.next() {
                    scanned += 1
                    last = event.seq
                    if let type {
                        let matches = type.hasSuffix(".") ? event.type.hasPrefix(type) : event.type == type
                        if !matches { continue }
                    }
                    if let actor, event.actor.user != actor { continue }
                    items.append(event.jsonValue)
                }
                return APIRoute.Reply(
                    [
                        "items": .array(items), "after": .int(after), "next_after": .int(max(last, after)),
                        "page_size": .int(size),
                        // The true number of events the filter matches in the whole ledger, not the ledger's size.
                        "total": .int(projections.eventCounts.total(type: type, actor: actor)),
                        "head_seq": .int(head),
                    ])
            },
            APIRoute(
                .get, "/api/ledger/head", id: "getLedgerHead", tag: "ledger",
                summary: "the newest event's seq and hash (use the seq as expected_seq)", permission: .read,
                response: .object(["seq": .integer(minimum: 0), "hash": .string()], required: ["seq", "hash"])
            ) { _, state in
                let head = try state.ledger.head()
                return APIRoute.Reply(["seq": .int(head.seq), "hash": .string(head.hash.hex)])
            },
            APIRoute(
                .get, "/api/ledger/verify", id: "verifyLedger", tag: "ledger",
                summary: "check every line: JSON, canonical form, seq, prev linkage, hash", permission: .verifyLedger,
                response: .object(
                    [
                        "intact": .boolean(), "events": .integer(minimum: 0), "bytes": .integer(minimum: 0),
                        "head_seq": .integer(minimum: 0), "head_hash": .string(), "failure": .nullable(.any()),
                    ], required: ["intact", "events", "bytes", "head_seq", "head_hash", "failure"])
            ) { _, state in
                let report = try LedgerVerifier.verify(path: state.ledger.ledgerPath)
                return APIRoute.Reply(
                    [
                        "intact": .bool(report.intact), "events": .int(report.events), "bytes": .int(report.bytes),
                        "head_seq": .int(report.headSeq), "head_hash": .string(report.headHash.hex),
                        "failure": report.failure.map { failure in
                            [
                                "seq": .int(failure.seq), "line": .int(failure.line), "offset": .int(failure.offset),
                                "reason": .string(failure.problem.rawValue), "detail": .string(failure.detail),
                            ]
                        } ?? .null,
                    ])
            },
        ]
    }
}
