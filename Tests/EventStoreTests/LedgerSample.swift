import EventStore

/// Realistic ledger lines (about 300 bytes of canonical JSON each) for throughput measurements.
enum LedgerSample {
    /// `count` distinct canonical lines, deterministic.
    static func lines(count: Int) throws -> [[UInt8]] {
        var random = RandomJSON(seed: 2024)
        let kinds = ["order.created", "order.paid", "stock.moved", "customer.renamed", "invoice.sent"]
        var lines: [[UInt8]] = []
        lines.reserveCapacity(count)
        for seq in 0..<count {
            let value: JSONValue = [
                "seq": .int(seq + 1),
                "ts": .string("2024-11-27T01:\(10 + seq % 50):\(10 + seq % 49).\(100 + seq % 900)Z"),
                "kind": .string(kinds[seq % kinds.count]),
                "actor": .string("user-\(random.below(100_000))"),
                "data": [
                    "amount": .number(Double(random.below(10_000_000)) / 100),
                    "currency": "EUR",
                    "qty": .int(random.below(500)),
                    "sku": .string("SKU-\(random.below(1_000_000))"),
                    "note": random.below(10) == 0 ? .string("caf\u{E9} \u{2014} r\u{E9}sum\u{E9}") : .null,
                ],
                "prev": .string(hex64(&random)),
                "hash": .string(hex64(&random)),
            ]
            lines.append(try value.canonicalBytes())
        }
        return lines
    }

    private static func hex64(_ random: inout RandomJSON) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<64).map { _ in digits[random.below(16)] })
    }
}
