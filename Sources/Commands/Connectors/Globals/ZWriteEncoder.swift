/// Writes ZWRITE lines the way ZWRITE prints them; the inverse of `ZWriteLineParser`.
package enum ZWriteEncoder {
    /// Appends `^GLOBAL(subscripts)=value` and a line feed to `bytes`.
    package static func appendNode(global: String, subscripts: [String], value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "^"))
        bytes.append(contentsOf: global.utf8)
        if !subscripts.isEmpty {
            bytes.append(UInt8(ascii: "("))
            for (position, text) in subscripts.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                if isCanonicalInteger(text) {
                    bytes.append(contentsOf: text.utf8)
                } else {
                    appendLiteral(text, to: &bytes)
                }
            }
            bytes.append(UInt8(ascii: ")"))
        }
        bytes.append(UInt8(ascii: "="))
        appendLiteral(value, to: &bytes)
        bytes.append(0x0A)
    }

    /// Appends `text` as a string expression: quoted runs, quotes doubled, control characters as `$C(…)`.
    package static func appendLiteral(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            if utf8.isEmpty {
                bytes.append(contentsOf: [0x22, 0x22])
                return
            }
            var inString = false
            var inCodes = false
            for byte in utf8 {
                if byte < 0x20 || byte == 0x7F {
                    if inString {
                        bytes.append(0x22)
                        inString = false
                    }
                    if inCodes {
                        bytes.append(UInt8(ascii: ","))
                    } else {
                        if bytes.last == 0x22 || bytes.last == UInt8(ascii: ")") { bytes.append(UInt8(ascii: "_")) }
                        bytes.append(contentsOf: Array("$C(".utf8))
                        inCodes = true
                    }
                    bytes.append(contentsOf: String(byte).utf8)
                } else {
                    if inCodes {
                        bytes.append(UInt8(ascii: ")"))
                        inCodes = false
                    }
                    if !inString {
                        if bytes.last == UInt8(ascii: ")") { bytes.append(UInt8(ascii: "_")) }
                        bytes.append(0x22)
                        inString = true
                    }
                    if byte == 0x22 { bytes.append(0x22) }
                    bytes.append(byte)
                }
            }
            if inString { bytes.append(0x22) }
            if inCodes { bytes.append(UInt8(ascii: ")")) }
        }
    }

    /// Whether M would print `text` as a bare number: a canonical integer of at most 15 digits.
    package static func isCanonicalInteger(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        guard let first = utf8.first, utf8.count <= 15, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return false
        }
        if first == 0x30 { return text == "0" }
        return true
    }
}
