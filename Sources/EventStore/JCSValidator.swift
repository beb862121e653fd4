/// The first place where bytes differ from the RFC 8785 canonical form.
public struct JCSViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the problem in the checked buffer.
    public var offset: Int
    /// The reason, e.g. "whitespace", "keys out of order", "escape not minimal",
    /// "number not in canonical form", "invalid UTF-8", "duplicate key".
    public var message: String

    /// Creates a violation at `offset`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "`message` at byte `offset`".
    public var description: String { "\(message) at byte \(offset)" }
}

/// Fast check that a buffer is *exactly* the JCS (RFC 8785) canonical form of some valid JSON value.
///
/// Ledger verification re-hashes every line, so a line is only trustworthy if its bytes are the one
/// canonical spelling; checking that directly is far cheaper than parse + re-encode + compare. One pass, no
/// heap allocation on the common path: nesting state lives in a fixed stack buffer, strings are scanned
/// eight bytes at a time, and integers and short decimals are recognised as canonical syntactically.
/// Numbers that need it (exponents, 16+ significant digits) take a slow path that converts and re-formats
/// them (two small heap allocations per such number); so do objects with non-ASCII keys, which are checked
/// for canonically equivalent duplicates when they close.
///
/// Invariant (tested): `check(b) == nil` exactly when `JSONValue(parsing: b)` succeeds and its
/// `canonicalBytes()` equal `b`, for nesting up to `maxDepth`.
public enum JCSValidator {
    /// Deepest array/object nesting accepted; deeper input is reported as a violation. Ledger lines are
    /// shallow, and a fixed bound keeps the nesting stack on the machine stack.
    public static let maxDepth = 64

    /// nil when `bytes` is exactly the canonical form; otherwise the first violation.
    ///
    /// One exception to "first": keys that are different bytes but canonically equivalent Unicode (which
    /// `JSONValue` cannot hold apart) are detected when their object closes, after later problems inside it.
    public static func check(_ bytes: UnsafeRawBufferPointer) -> JCSViolation? {
        guard bytes.count > 0, let base = bytes.baseAddress else {
            return JCSViolation(offset: 0, message: "empty input")
        }
        // Literal capacities keep each allocation at or under 1 KiB, which Swift always places on the stack.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { frames in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 128) { keys in
                var scanner = JCSScanner(base: base, count: bytes.count, frames: frames, keys: keys)
                if scanner.run() { return nil }
                return JCSViolation(offset: scanner.failureOffset, message: scanner.failureMessage.description)
            }
        }
    }

    /// `check(_:)` for a ledger line — numbers must also be integers within ±(2^53 − 1) — also handing `body` where
    /// each top-level member starts: pairs of (key's opening quote, value's
    /// first byte) for up to 16 members, and the number of members. The ledger reads its envelope from these
    /// positions instead of scanning the line a second time.
    package static func check<R>(
        _ bytes: UnsafeRawBufferPointer, topLevel body: (JCSViolation?, UnsafeBufferPointer<Int>, Int) -> R
    ) -> R {
        guard bytes.count > 0, let base = bytes.baseAddress else {
            return body(JCSViolation(offset: 0, message: "empty input"), UnsafeBufferPointer(start: nil, count: 0), 0)
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { frames in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 128) { keys in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 32) { members in
                    var scanner = JCSScanner(base: base, count: bytes.count, frames: frames, keys: keys)
                    scanner.topLevelMembers = members
                    scanner.integersOnly = true
                    let violation =
                        scanner.run()
                        ? nil : JCSViolation(offset: scanner.failureOffset, message: scanner.failureMessage.description)
                    let recorded = min(scanner.topLevelCount, 16)
                    return body(
                        violation, UnsafeBufferPointer(rebasing: members[..<(2 * recorded)]), scanner.topLevelCount)
                }
            }
        }
    }

    /// Convenience for `[UInt8]`; see `check(_:)`.
    public static func check(_ bytes: [UInt8]) -> JCSViolation? {
        bytes.withUnsafeBytes { check($0) }
    }
}
