import EventStore
import Foundation

/// Writes a JSON report for people and programs alike: keys sorted, two-space indentation, a final newline.
///
/// Sorting the keys (by UTF-16 code units, as RFC 8785 does) makes the bytes depend only on the value, never on a
/// dictionary's iteration order, so the same run gives the same file. Strings and numbers are written exactly as
/// the canonical JSON encoder writes them; only the whitespace between them differs. The file is written through
/// `AtomicFileWriter`: a reader sees the old report or the new one, never half of one.
package enum JSONReportWriter {
    /// Writes `value` to `url` atomically.
    package static func write(_ value: JSONValue, to url: URL) throws {
        let bytes = try encode(value)
        let file = try AtomicFileWriter(url: url)
        try bytes.withUnsafeBytes { try file.write($0) }
        try file.commit()
    }

    /// The report's bytes, ending with a newline.
    package static func encode(_ value: JSONValue) throws -> [UInt8] {
        var out: [UInt8] = []
        try append(value, indent: 0, to: &out)
        out.append(0x0A)
        return out
    }

    /// Appends `value` pretty-printed at nesting level `indent`.
    private static func append(_ value: JSONValue, indent: Int, to out: inout [UInt8]) throws {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                out.append(contentsOf: position == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                appendIndent(indent + 1, &out)
                try append(element, indent: indent + 1, to: &out)
            }
            out.append(0x0A)
            appendIndent(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (position, key) in keys.enumerated() {
                out.append(contentsOf: position == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                appendIndent(indent + 1, &out)
                try JSONValue.string(key).encodeCanonical(into: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                try append(members[key] ?? .null, indent: indent + 1, to: &out)
            }
            out.append(0x0A)
            appendIndent(indent, &out)
            out.append(UInt8(ascii: "}"))
        default:
            // Scalars, [] and {}: the canonical encoder's bytes.
            try value.encodeCanonical(into: &out)
        }
    }

    /// Appends the spaces of nesting level `level`.
    private static func appendIndent(_ level: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
    }
}
