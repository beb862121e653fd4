import Foundation
import Glibc

/// The ledger's time format: RFC 3339, UTC, milliseconds, `Z` (e.g. `2026-11-27T10:00:00.123Z`).
public enum LedgerClock {
    /// Formats `date` as the ledger stores it. Formatting is by hand: it is on the append path, and
    /// `DateFormatter` is neither fast nor free of locale surprises.
    public static func rfc3339(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.quotientAndRemainderFloored(dividingBy: 1000).quotient)
        let millis = Int(milliseconds.quotientAndRemainderFloored(dividingBy: 1000).remainder)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}

extension Int64 {
    fileprivate func quotientAndRemainderFloored(dividingBy divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
