import EventStore

/// How many events of each type each user recorded: the true totals behind the ledger's filtered listings (by type,
/// type prefix and actor), without scanning the ledger for every page. History: never rewound.
package struct EventCountsProjection: Projection, Equatable, Codable {
    /// Events by type, then by the actor's user name.
    package private(set) var byType: [String: [String: Int]] = [:]

    package init() {}

    package mutating func apply(_ event: LedgerEvent) {
        byType[event.type, default: [:]][event.actor.user, default: 0] += 1
    }

    /// Events of `type` (or, when it ends in `.`, of every type it prefixes) recorded by `actor` (any when nil).
    package func total(type: String?, actor: String?) -> Int {
        var total = 0
        for (name, actors) in byType {
            if let type, type.hasSuffix(".") ? !name.hasPrefix(type) : name != type { continue }
            total += actor.map { actors[$0] ?? 0 } ?? actors.values.reduce(0, +)
        }
        return total
    }
}

extension EventCountsProjection: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(byType)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        byType = try reader.read()
    }
}
