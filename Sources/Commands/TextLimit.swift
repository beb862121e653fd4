/// The one set of limits on text people type — labels, notes, reasons, row fields — that the CLI and the API both
/// enforce (the API's schema is built from the same numbers), counted in Unicode code points as JSON Schema's
/// `maxLength` is, so a letter followed by 100,000 combining marks is 100,001 long, not one.
///
/// Control characters (ESC, BEL, CR, NUL, …) are refused: a label is printed to terminals and shown in pages, and
/// an escape sequence in one would rewrite what an operator sees. Notes and reasons may hold line breaks and tabs.
package enum TextLimit {
    /// Snapshot labels, source table and column names in a mapping row.
    package static let label = 200
    /// Notes, reasons, sign-off notes, transforms.
    package static let note = 2000

    /// Checks `text` (what `what` names) is at most `limit` code points with no control characters other than,
    /// when `multiline`, line feeds and tabs.
    package static func check(_ text: String, _ what: String, limit: Int, multiline: Bool = false) throws {
        let length = text.unicodeScalars.count
        guard length <= limit else {
            throw UserInputError("\(what) must be at most \(limit) characters, got \(length); shorten it")
        }
        if let bad = text.unicodeScalars.first(where: { isControl($0) && !(multiline && ($0 == "\n" || $0 == "\t")) }) {
            throw UserInputError(
                "\(what) contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); "
                    + "remove it (only \(multiline ? "line breaks and tabs are" : "printable text is") allowed)")
        }
    }

    /// C0 controls, DEL and C1 controls.
    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `text` safe to print to a terminal: control characters as `\u{…}` escapes, everything else as it is.
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
