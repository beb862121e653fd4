/// A COPY data line that does not follow PostgreSQL's text format; `column` is 1-based, in Unicode scalars.
package struct CopyTextSyntaxError: Error, Equatable, Sendable {
    /// 1-based column on the line.
    package var column: Int
    /// What is wrong.
    package var message: String

    /// Creates an error.
    package init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }
}

/// PostgreSQL's COPY text format (what `pg_dump` writes between `COPY … FROM stdin;` and `\.`), both ways.
///
/// Fields are separated by tabs; `\N` alone is NULL; a backslash starts an escape: `\b \f \n \r \t \v`, `\\`,
/// octal `\N`…`\NNN` (up to three digits) and hex `\xH`/`\xHH`. The decoded bytes must be UTF-8.
///
/// Stricter than the server on purpose (a migration must not guess): a backslash before any other character, at
/// the end of the line, `\x` without a hex digit, an octal value above 255 and `\N` inside a longer field are
/// errors here, where PostgreSQL would take the character literally. `pg_dump` never writes any of them.
package enum CopyTextCodec {
    /// Decodes one data line into `fields` (nil for NULL); clears `fields` first.
    package static func decode(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [String?])
        throws(CopyTextSyntaxError)
    {
        fields.removeAll(keepingCapacity: true)
        var field: [UInt8] = []
        var index = 0
        var fieldStart = 0
        var isNull = false
        var escaped = false
        func column(_ position: Int) -> Int {
            var column = 1
            for offset in 0..<min(position, line.count) where line[offset] & 0xC0 != 0x80 { column += 1 }
            return column
        }
        func finish() throws(CopyTextSyntaxError) {
            if isNull {
                fields.append(nil)
            } else if !escaped && field.allSatisfy({ $0 < 0x80 }) {
                fields.append(String(decoding: field, as: UTF8.self))
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                throw CopyTextSyntaxError(
                    column: column(fieldStart), "field \(fields.count + 1) is not valid UTF-8 after unescaping")
            }
            field.removeAll(keepingCapacity: true)
            isNull = false
            escaped = false
        }
        while index < line.count {
            // Fast path: a field without a backslash is taken as it is, in one piece (most fields are).
            if index == fieldStart {
                var end = index
                var ascii = true
                while end < line.count, line[end] != 0x09, line[end] != 0x5C {
                    if line[end] >= 0x80 { ascii = false }
                    end += 1
                }
                if end == line.count || line[end] == 0x09 {
                    let slice = UnsafeBufferPointer(rebasing: line[index..<end])
                    if ascii {
                        fields.append(String(decoding: slice, as: UTF8.self))
                    } else if let text = String(validating: slice, as: UTF8.self) {
                        fields.append(text)
                    } else {
                        throw CopyTextSyntaxError(column: column(index), "field \(fields.count + 1) is not valid UTF-8")
                    }
                    if end == line.count { return }
                    index = end + 1
                    fieldStart = index
                    continue
                }
            }
            let byte = line[index]
            if byte == 0x09 {
                try finish()
                index += 1
                fieldStart = index
                continue
            }
            guard byte == 0x5C else {
                field.append(byte)
                index += 1
                continue
            }
            let slash = index
            index += 1
            guard index < line.count else {
                throw CopyTextSyntaxError(
                    column: column(slash), "a backslash at the end of the line (a cut escape; write \\\\ for \\)")
            }
            escaped = true
            let code = line[index]
            index += 1
            switch code {
            case UInt8(ascii: "N"):
                guard slash == fieldStart, index == line.count || line[index] == 0x09 else {
                    throw CopyTextSyntaxError(column: column(slash), "\\N (NULL) must be the whole field")
                }
                isNull = true
            case UInt8(ascii: "b"): field.append(0x08)
            case UInt8(ascii: "f"): field.append(0x0C)
            case UInt8(ascii: "n"): field.append(0x0A)
            case UInt8(ascii: "r"): field.append(0x0D)
            case UInt8(ascii: "t"): field.append(0x09)
            case UInt8(ascii: "v"): field.append(0x0B)
            case 0x5C: field.append(0x5C)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(code - 0x30)
                var digits = 1
                while digits < 3, index < line.count, line[index] >= 0x30, line[index] <= 0x37 {
                    value = value * 8 + Int(line[index] - 0x30)
                    index += 1
                    digits += 1
                }
                guard value <= 0xFF else {
                    throw CopyTextSyntaxError(column: column(slash), "octal escape above \\377 (255)")
                }
                field.append(UInt8(value))
            case UInt8(ascii: "x"):
                var value = 0
                var digits = 0
                while digits < 2, index < line.count, let digit = hexValue(line[index]) {
                    value = value * 16 + digit
                    index += 1
                    digits += 1
                }
                guard digits > 0 else {
                    throw CopyTextSyntaxError(column: column(slash), "\\x needs one or two hex digits")
                }
                field.append(UInt8(value))
            default:
                let shown = code < 0x80 ? String(UnicodeScalar(code)) : "a non-ASCII byte"
                throw CopyTextSyntaxError(
                    column: column(slash),
                    "unknown escape \\\(shown); COPY text knows \\b \\f \\n \\r \\t \\v \\\\ \\NNN \\xHH and \\N")
            }
        }
        try finish()
    }

    /// Decodes `text` (for tests).
    package static func decode(_ text: String) throws(CopyTextSyntaxError) -> [String?] {
        var fields: [String?] = []
        let bytes = Array(text.utf8)
        var failure: CopyTextSyntaxError?
        bytes.withUnsafeBufferPointer { buffer in
            do { try decode(buffer, into: &fields) } catch let error as CopyTextSyntaxError { failure = error } catch {}
        }
        if let failure { throw failure }
        return fields
    }

    /// Appends one field as `pg_dump` writes it (nil as `\N`); the caller adds tabs and the line feed.
    package static func appendField(_ value: String?, to bytes: inout [UInt8]) {
        guard let value else {
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "N")])
            return
        }
        var text = value
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x0B: bytes.append(contentsOf: [0x5C, UInt8(ascii: "v")])
                default: bytes.append(byte)
                }
            }
        }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        default: return nil
        }
    }
}
