import EventStore
import Foundation
import XCTest

/// A fresh events folder per test, removed afterwards.
final class TemporaryFolder {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.path + "/dm-test-\(UUID().uuidString.lowercased())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Deterministic time and ids, so ledgers built in tests are reproducible.
final class TestClock: @unchecked Sendable {
    // Guarded by `lock`.
    private var tick = 0
    private let lock = NSLock()

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        tick += 1
        return Date(timeIntervalSince1970: 1_795_000_000 + Double(tick) / 1000)
    }

    func id() -> String {
        lock.lock()
        defer { lock.unlock() }
        tick += 1
        return String(format: "00000000-0000-4000-8000-%012x", tick)
    }
}

let testActor = LedgerActor(user: "alice", role: "engineer")

extension XCTestCase {
    func makeLedger(_ folder: TemporaryFolder) throws -> Ledger {
        let clock = TestClock()
        return try Ledger(directory: folder.path, clock: { clock.now() }, newID: { clock.id() })
    }

    /// A ledger of `count` events (genesis included), one command per event after genesis.
    func makeLedger(_ folder: TemporaryFolder, events count: Int) throws -> Ledger {
        let ledger = try makeLedger(folder)
        for index in 1..<count {
            _ = try ledger.append(
                [
                    NewEvent(
                        type: "test.sample", data: ["n": .int(index), "text": .string("line \(index) é \u{1F600}")])
                ],
                actor: testActor, command: "cmd-\(index)")
        }
        return ledger
    }

    func readLines(_ ledger: Ledger) throws -> [[UInt8]] {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ledger.ledgerPath)))
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    func writeLines(_ lines: [[UInt8]], to ledger: Ledger) throws {
        let bytes = lines.flatMap { $0 + [UInt8(ascii: "\n")] }
        try Data(bytes).write(to: URL(fileURLWithPath: ledger.ledgerPath))
    }
}
