import EventStore
import Foundation

/// Writes the JSON reports people read and diff: pretty-printed, byte-for-byte reproducible, published atomically.
///
/// Two runs over the same inputs must give identical report files, so nothing here depends on dictionary order or
/// on the platform's number formatting: object keys are sorted by UTF-16 code units (the order RFC 8785 uses, so a
/// report and its canonical hash agree on order), strings are escaped exactly as JCS escapes them, and numbers
/// must be integers within ±(2^53 − 1). A fraction or a huge number throws instead of being rounded: reports carry
/// decimals as strings (a reject rate is `"2.50"` or basis points, never `0.025`), because a binary double written
/// by one tool and read by another is how a 5.00 % threshold quietly becomes 4.9999 %.
///
/// Layout: two-space indent, `"key": value`, empty containers as `{}` and `[]`, and a trailing newline. The file
/// appears only when complete (`AtomicFileWriter`).
package enum JSONReportWriter {
    /// A value that a report cannot hold, with the JSON path where it sits (e.g. `$.tables.patient`).
    package struct EncodingError: Error, Equatable, CustomStringConvertible {
        /// Where the value sits, as a JSONPath from the root (`$`).
        package let path: String
        /// What is wrong and what to do instead.
        package let message: String

        /// `path: message`.
        package var description: String {
            "\(path): \(message)"
        }
    }

    /// Encodes `value` and writes it atomically to `url`; the folder must exist.
    package static func write(_ value: JSONValue, to url: URL) throws {
        let bytes = try encode(value)
        let file = try AtomicFileWriter(url: url)
        do {
            try bytes.withUnsafeBytes { try file.write($0) }
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// The exact bytes `write` puts in the file.
    package static func encode(_ value: JSONValue) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        try append(value, indent: 0, path: "$", to: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// Appends `value` at nesting level `indent`; `path` names it in errors.
    private static func append(_ value: JSONValue, indent: Int, path: String, to out: inout [UInt8]) throws {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            guard let integer = JSONValue.number(number).intValue else {
                throw EncodingError(
                    path: path,
                    message: "\(number) is not an integer within ±(2^53 − 1); write decimals in reports as strings")
            }
            out.append(contentsOf: String(integer).utf8)
        case .string(let text):
            try appendString(text, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 {
                    out.append(UInt8(ascii: ","))
                }
                newline(indent: indent + 1, to: &out)
                try append(element, indent: indent + 1, path: "\(path)[\(position)]", to: &out)
            }
            newline(indent: indent, to: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (position, key) in keys.enumerated() {
                if position > 0 {
                    out.append(UInt8(ascii: ","))
                }
                newline(indent: indent + 1, to: &out)
                try appendString(key, to: &out)
                out.append(contentsOf: ": ".utf8)
                try append(members[key] ?? .null, indent: indent + 1, path: "\(path).\(key)", to: &out)
            }
            newline(indent: indent, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A string in JCS form: the canonical encoder already escapes exactly `"`, `\` and control characters.
    private static func appendString(_ text: String, to out: inout [UInt8]) throws {
        out.append(contentsOf: try JSONValue.string(text).canonicalBytes())
    }

    /// A line break and the indentation of level `indent`.
    private static func newline(indent: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }
}
