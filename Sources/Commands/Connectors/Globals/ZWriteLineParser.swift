/// Parses one line of a ZWRITE export (the form `ZWRITE ^GLOBAL` prints and `%GO`-style tools save).
///
/// A value with no I/O: it is given a line's bytes and returns the node. The grammar accepted is what ZWRITE
/// emits:
///
/// ```
/// line      = "^" name [ "(" subscript *( "," subscript ) ")" ] "=" expr
/// name      = ( "%" / ALPHA ) *ALNUM
/// subscript = number / expr
/// expr      = term *( "_" term )
/// term      = string / "$C(" code *( "," code ) ")" / number
/// string    = DQUOTE *( any-but-quote / DQUOTE DQUOTE ) DQUOTE
/// number    = [ "-" ] ( DIGITS [ "." DIGITS ] / "." DIGITS )
/// ```
///
/// ZWRITE prints control characters as `$C(n,…)` joined to quoted runs with `_` (`"A"_$C(9)_"B"`), so the parser
/// joins every term of an `expr` into one string. `$CHAR(` is accepted for `$C(`. Text outside the quoted runs is
/// ASCII; inside them it must be valid UTF-8. Anything else is an error naming the column.
package struct ZWriteLineParser: Sendable {
    /// Creates a parser.
    package init() {}

    /// The node on `line` (without its line break).
    package func parse(_ line: UnsafeBufferPointer<UInt8>) throws(ZWriteSyntaxError) -> ZWriteNode {
        var cursor = Cursor(bytes: line)
        guard cursor.peek == UInt8(ascii: "^") else {
            throw cursor.error("a ZWRITE line starts with ^ and a global name, e.g. ^PAT(1)=\"SMITH\"")
        }
        cursor.index += 1
        let global = try cursor.name()
        var subscripts: [String] = []
        if cursor.peek == UInt8(ascii: "(") {
            cursor.index += 1
            while true {
                subscripts.append(try cursor.subscriptValue())
                if cursor.peek == UInt8(ascii: ",") {
                    cursor.index += 1
                } else if cursor.peek == UInt8(ascii: ")") {
                    cursor.index += 1
                    break
                } else {
                    throw cursor.error("expected , or ) after a subscript")
                }
            }
        }
        guard cursor.peek == UInt8(ascii: "=") else {
            throw cursor.error("expected = after the global reference")
        }
        cursor.index += 1
        let value = try cursor.expression()
        guard cursor.index == line.count else {
            throw cursor.error("unexpected text after the value (a second node on one line?)")
        }
        return ZWriteNode(global: global, subscripts: subscripts, value: value)
    }

    /// Parses `text` (for tests and small inputs).
    package func parse(_ text: String) throws(ZWriteSyntaxError) -> ZWriteNode {
        let bytes = Array(text.utf8)
        do {
            return try bytes.withUnsafeBufferPointer { buffer in try parse(buffer) }
        } catch let error as ZWriteSyntaxError {
            throw error
        } catch {
            throw ZWriteSyntaxError(column: 1, "\(error)")
        }
    }
}

private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// 1-based column of `position` in Unicode scalars (continuation bytes do not count).
    func column(of position: Int) -> Int {
        var column = 1
        for offset in 0..<min(position, bytes.count) where bytes[offset] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    func error(_ message: String, at position: Int? = nil) -> ZWriteSyntaxError {
        ZWriteSyntaxError(column: column(of: position ?? index), message)
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    mutating func name() throws(ZWriteSyntaxError) -> String {
        let first = index
        guard let byte = peek, byte == UInt8(ascii: "%") || Self.isAlpha(byte) else {
            throw error("expected a global name (a letter or % then letters and digits)")
        }
        index += 1
        while let byte = peek, Self.isAlpha(byte) || Self.isDigit(byte) { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<index]), as: UTF8.self)
    }

    mutating func subscriptValue() throws(ZWriteSyntaxError) -> String {
        guard let byte = peek else { throw error("the subscript list is not closed with )") }
        if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || Self.isDigit(byte) {
            return try number()
        }
        return try expression()
    }

    mutating func number() throws(ZWriteSyntaxError) -> String {
        let first = index
        if peek == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while let byte = peek, Self.isDigit(byte) {
            index += 1
            digits += 1
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            var fraction = 0
            while let byte = peek, Self.isDigit(byte) {
                index += 1
                fraction += 1
            }
            guard fraction > 0 else { throw error("expected digits after the decimal point") }
            digits += fraction
        }
        guard digits > 0 else { throw error("expected a number", at: first) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<index]), as: UTF8.self)
    }

    mutating func expression() throws(ZWriteSyntaxError) -> String {
        var value: [UInt8] = []
        let first = index
        while true {
            try term(into: &value)
            guard peek == UInt8(ascii: "_") else { break }
            index += 1
        }
        guard let text = String(validating: value, as: UTF8.self) else {
            throw error("the value is not valid UTF-8 (was the export written in another character set?)", at: first)
        }
        return text
    }

    mutating func term(into value: inout [UInt8]) throws(ZWriteSyntaxError) {
        guard let byte = peek else { throw error("expected a value: a quoted string, $C(…) or a number") }
        if byte == UInt8(ascii: "\"") {
            try quoted(into: &value)
        } else if byte == UInt8(ascii: "$") {
            try character(into: &value)
        } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || Self.isDigit(byte) {
            value.append(contentsOf: try number().utf8)
        } else {
            throw error("expected a value: a quoted string, $C(…) or a number")
        }
    }

    mutating func quoted(into value: inout [UInt8]) throws(ZWriteSyntaxError) {
        let opening = index
        index += 1
        var runStart = index
        while true {
            guard let byte = peek else {
                throw error("the string opened at column \(column(of: opening)) is not closed with \"")
            }
            guard byte == 0x22 else {
                index += 1
                continue
            }
            // Copy the run before the quote in one go; a doubled quote keeps one quote and goes on.
            value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            index += 1
            guard peek == 0x22 else { return }
            value.append(0x22)
            index += 1
            runStart = index
        }
    }

    mutating func character(into value: inout [UInt8]) throws(ZWriteSyntaxError) {
        let first = index
        for prefix in ["$CHAR(", "$C("] {
            let utf8 = Array(prefix.utf8)
            if index + utf8.count <= bytes.count,
                zip(bytes[index..<index + utf8.count], utf8).allSatisfy({
                    $0 == $1 || (Self.isAlpha($1) && $0 == $1 + 0x20)
                })
            {
                index += utf8.count
                while true {
                    let codeStart = index
                    var code = 0
                    while let byte = peek, Self.isDigit(byte) {
                        code = code * 10 + Int(byte - 0x30)
                        index += 1
                        guard code <= 0x10FFFF else { throw error("character code too large", at: codeStart) }
                    }
                    guard index > codeStart else { throw error("expected a character code in $C(…)") }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw error("$C(\(code)) is not a Unicode character", at: codeStart)
                    }
                    value.append(contentsOf: String(Character(scalar)).utf8)
                    if peek == UInt8(ascii: ",") {
                        index += 1
                    } else if peek == UInt8(ascii: ")") {
                        index += 1
                        return
                    } else {
                        throw error("expected , or ) in $C(…)")
                    }
                }
            }
        }
        throw error("only $C(…) is allowed here (ZWRITE writes control characters that way)", at: first)
    }
}
