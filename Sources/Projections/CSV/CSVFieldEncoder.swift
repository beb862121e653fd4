/// Turns rows into RFC 4180 bytes: the quoting rules of `CSVWriter`, kept pure so they can be tested alone.
///
/// A field is quoted only when it must be: when it contains a comma, a double quote, CR or LF. Quotes inside are
/// doubled. Rows end with LF (RFC 4180 says CRLF, but every consumer here reads LF, `git` and `diff` show it
/// cleanly, and the reader accepts both).
///
/// ## Formula neutralisation (CSV injection)
///
/// Spreadsheet programs execute a cell that starts with `=`, `+`, `-` or `@` as a formula, and tab or CR at the
/// start can hide such a formula after a separator. A value taken from a legacy system (a patient's address, a
/// free-text note, a source column name) could therefore run a formula — even exfiltrate data through
/// `=HYPERLINK(...)` or DDE — on the machine of whoever opens a report. OWASP's "CSV Injection" guidance is to
/// prefix such cells with a single quote `'`, which spreadsheets treat as "this is text" and hide.
///
/// With `neutraliseFormulas` on, every cell starting with one of `= + - @ TAB CR` gets that prefix. This includes
/// plain negative numbers: `-5` is written `'-5`, because telling a harmless number from `-2+3+cmd|...` is exactly
/// the guessing the rule exists to avoid. The prefix changes the value, so it is only for reports meant for people;
/// files that programs read back (the target contract tables, the ETL's inputs) must be written with it off.
package struct CSVFieldEncoder: Sendable {
    private static let comma: UInt8 = 0x2C
    private static let quote: UInt8 = 0x22
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let tab: UInt8 = 0x09
    private static let apostrophe: UInt8 = 0x27
    /// First bytes that make a spreadsheet treat a cell as a formula (OWASP CSV Injection list).
    private static let formulaTriggers: [UInt8] = [0x3D, 0x2B, 0x2D, 0x40, tab, carriageReturn]

    /// Whether cells that a spreadsheet would run as formulas get a leading `'`.
    package let neutraliseFormulas: Bool

    /// Creates an encoder; see the type's documentation before turning `neutraliseFormulas` on.
    package init(neutraliseFormulas: Bool) {
        self.neutraliseFormulas = neutraliseFormulas
    }

    /// Appends `row` as one line (fields, commas, the final LF) to `bytes`.
    package func append(row: [String], to bytes: inout [UInt8]) {
        // A lone empty field would otherwise be an empty line, which readers may skip; `""` keeps the row.
        if row.count == 1 && row[0].isEmpty {
            bytes.append(Self.quote)
            bytes.append(Self.quote)
            bytes.append(Self.lineFeed)
            return
        }
        for (position, field) in row.enumerated() {
            if position > 0 {
                bytes.append(Self.comma)
            }
            append(field: field, to: &bytes)
        }
        bytes.append(Self.lineFeed)
    }

    /// Appends one field, quoted and neutralised as needed, to `bytes`.
    package func append(field: String, to bytes: inout [UInt8]) {
        // Scanning contiguous bytes is several times faster than iterating `String.UTF8View`, and the ETL encodes
        // every cell of millions of rows (and again to hash them).
        var field = field
        field.withUTF8 { utf8 in
            let needsPrefix = neutraliseFormulas && utf8.first.map { Self.formulaTriggers.contains($0) } == true
            var needsQuotes = false
            for byte in utf8
            where byte == Self.comma || byte == Self.quote || byte == Self.lineFeed || byte == Self.carriageReturn {
                needsQuotes = true
                break
            }
            if needsQuotes {
                bytes.append(Self.quote)
            }
            if needsPrefix {
                bytes.append(Self.apostrophe)
            }
            if needsQuotes {
                for byte in utf8 {
                    if byte == Self.quote {
                        bytes.append(Self.quote)
                    }
                    bytes.append(byte)
                }
                bytes.append(Self.quote)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    /// The bytes of `row` as a string, for tests and small outputs.
    package func encode(row: [String]) -> String {
        var bytes: [UInt8] = []
        append(row: row, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
