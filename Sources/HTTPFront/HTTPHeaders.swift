/// An ordered list of header fields with case-insensitive lookup by name (RFC 9110 §5.1).
///
/// Kept as an array rather than a dictionary: requests carry a handful of fields, order matters for repeated
/// fields, and short names and values fit Swift's small-string form, so parsing a typical head allocates once.
package struct HTTPHeaders: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    /// One field line: the name as received and the value with surrounding whitespace removed.
    package typealias Field = (name: String, value: String)

    /// The fields in the order they were received or added.
    package private(set) var fields: [Field]

    /// An empty list, with room for a typical request's fields.
    package init() {
        fields = []
    }

    /// Fields in the given order.
    package init(_ fields: [Field]) {
        self.fields = fields
    }

    /// A literal list: `["Content-Type": "application/json"]`.
    package init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of field lines.
    package var count: Int { fields.count }

    /// Appends a field line, keeping any earlier ones with the same name.
    package mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field named `name` with one line holding `value`.
    package mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field named `name`.
    package mutating func remove(name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// The first value of the field named `name`, if any.
    package subscript(name: String) -> String? {
        for field in fields where Self.namesEqual(field.name, name) {
            return field.value
        }
        return nil
    }

    /// Every value of the field named `name`, in order.
    package func values(of name: String) -> [String] {
        fields.filter { Self.namesEqual($0.name, name) }.map(\.value)
    }

    /// Whether a comma-separated field (`Connection`, `Transfer-Encoding`) lists `token`, ignoring case.
    package func contains(token: String, in name: String) -> Bool {
        for field in fields where Self.namesEqual(field.name, name) {
            for item in field.value.split(separator: ",")
            where Self.asciiCaseInsensitiveEqual(Self.trimmed(item).utf8, token.utf8) {
                return true
            }
        }
        return false
    }

    /// The last comma-separated token of every line named `name` together, lower-cased (e.g. the final coding).
    package func lastToken(in name: String) -> String? {
        var last: String?
        for field in fields where Self.namesEqual(field.name, name) {
            for item in field.value.split(separator: ",") {
                let token = Self.trimmed(item)
                if !token.isEmpty { last = token.lowercased() }
            }
        }
        return last
    }

    /// Optional whitespace (SP / HTAB) removed from both ends.
    package static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }

    /// Iterates the field lines in order.
    package func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// Two lists are equal when they hold the same lines in the same order (names compared as sent).
    package static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Field names are ASCII tokens, so an ASCII case fold is the whole comparison (no Unicode folding needed).
    package static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        asciiCaseInsensitiveEqual(lhs.utf8, rhs.utf8)
    }

    /// Compares two byte sequences folding only `A`–`Z`.
    package static func asciiCaseInsensitiveEqual(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case (let a?, let b?):
                if a == b { continue }
                // Only letters fold: `@` (0x40) and `` ` `` (0x60) differ by the same bit but are not a case pair.
                let folded = a | 0x20
                guard folded == b | 0x20, folded >= 0x61, folded <= 0x7A else { return false }
            default:
                return false
            }
        }
    }
}
