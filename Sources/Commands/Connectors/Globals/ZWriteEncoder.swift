/// Writes ZWRITE lines the way ZWRITE prints them; the inverse of `ZWriteLineParser`.
package enum ZWriteEncoder {
    /// Appends `^GLOBAL(subscripts)=value` and a line feed to `bytes`.
    package static func appendNode(global: String, subscripts: [String], value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendNode(global: global, subscripts: subscripts, utf8Value: $0, to: &bytes) }
    }

    /// Appends `^GLOBAL(subscripts)=value` and a line feed to `bytes`, the value given as UTF-8 bytes.
    package static func appendNode(
        global: String, subscripts: [String], utf8Value: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]
    ) {
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
        appendLiteral(utf8: utf8Value, to: &bytes)
        bytes.append(0x0A)
    }

    /// Appends `text` as a string expression: quoted runs, quotes doubled, control characters as `$C(…)`.
    package static func appendLiteral(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendLiteral(utf8: $0, to: &bytes) }
    }

    /// Appends UTF-8 `utf8` as a string expression (see `appendLiteral(_:to:)`).
    package static func appendLiteral(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard !utf8.isEmpty else {
            bytes.append(contentsOf: [0x22, 0x22])
            return
        }
        enum Term {
            case none, string, codes
        }
        var open = Term.none
        var terms = 0
        for byte in utf8 {
            let control = byte < 0x20 || byte == 0x7F
            switch (open, control) {
            case (.codes, true):
                bytes.append(UInt8(ascii: ","))
            case (.string, false):
                if byte == 0x22 { bytes.append(0x22) }
            default:
                if open == .string { bytes.append(0x22) }
                if open == .codes { bytes.append(UInt8(ascii: ")")) }
                if terms > 0 { bytes.append(UInt8(ascii: "_")) }
                terms += 1
                if control {
                    bytes.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "C"), UInt8(ascii: "(")])
                    open = .codes
                } else {
                    bytes.append(0x22)
                    if byte == 0x22 { bytes.append(0x22) }
                    open = .string
                }
            }
            if control {
                if byte >= 100 { bytes.append(0x30 + byte / 100) }
                if byte >= 10 { bytes.append(0x30 + byte / 10 % 10) }
                bytes.append(0x30 + byte % 10)
            } else {
                bytes.append(byte)
            }
        }
        bytes.append(open == .string ? 0x22 : UInt8(ascii: ")"))
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
