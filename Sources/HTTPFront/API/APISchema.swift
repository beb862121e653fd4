import Commands
import EventStore

/// A JSON Schema subset, enough to describe every API body and response: the same value validates request bodies
/// and is rendered into the OpenAPI document, so the two cannot disagree.
package indirect enum APISchema: Sendable {
    /// A string, optionally from a fixed set, with length bounds and a pattern (a `StringPattern` the server checks
    /// itself and the document states as an ECMA-262 regular expression).
    case string(
        enumeration: [String]? = nil, maxLength: Int? = nil, description: String? = nil, minLength: Int? = nil,
        pattern: StringPattern? = nil)
    /// A whole number within bounds.
    case integer(minimum: Int? = nil, maximum: Int? = nil, description: String? = nil)
    /// A number (for measurements such as milliseconds, or a share), optionally within bounds.
    case number(description: String? = nil, minimum: Double? = nil, maximum: Double? = nil)
    /// `true` or `false`.
    case boolean(description: String? = nil)
    /// A list of one kind of item.
    case array(APISchema, maxItems: Int? = nil, description: String? = nil)
    /// An object with named properties; `closed` refuses properties not listed; `minProperties`: at least that many.
    case object(
        [String: APISchema], required: [String] = [], closed: Bool = false, description: String? = nil,
        minProperties: Int? = nil)
    /// An object whose values all follow one schema (a map).
    case map(APISchema, description: String? = nil)
    /// Any JSON value (free-form report contents).
    case any(description: String? = nil)
    /// The value or `null`.
    case nullable(APISchema)
    /// A named schema under `components/schemas`.
    case reference(String, APISchema)

    /// Checks `value`; the error names the offending member by its JSON path (`changes.critical`).
    package func validate(_ value: JSONValue, at path: String = "body") throws(APIError) {
        switch self {
        case .string(let enumeration, let maxLength, _, let minLength, let pattern):
            guard case .string(let text) = value else { throw Self.wrongType(path, "a string", value) }
            if let minLength, text.unicodeScalars.count < minLength {
                throw .invalid("\(path) must be at least \(minLength) character\(minLength == 1 ? "" : "s")")
            }
            if let pattern, !pattern.matches(text) {
                throw .invalid("\(path) must be \(pattern.meaning), got '\(text.prefix(40))'")
            }
            if let enumeration, !enumeration.contains(text) {
                throw .invalid("\(path) must be one of \(enumeration.joined(separator: ", ")), got '\(text)'")
            }
            // Code points, as JSON Schema counts (and the CLI: `TextLimit`), not grapheme clusters.
            if let maxLength, text.unicodeScalars.count > maxLength {
                throw .invalid("\(path) must be at most \(maxLength) characters")
            }
        case .integer(let minimum, let maximum, _):
            guard let number = value.intValue, case .number(let raw) = value, raw == raw.rounded() else {
                throw Self.wrongType(path, "a whole number", value)
            }
            if let minimum, number < minimum { throw .invalid("\(path) must be at least \(minimum), got \(number)") }
            if let maximum, number > maximum { throw .invalid("\(path) must be at most \(maximum), got \(number)") }
        case .number(_, let minimum, let maximum):
            guard case .number(let number) = value else { throw Self.wrongType(path, "a number", value) }
            if let minimum, number < minimum { throw .invalid("\(path) must be at least \(minimum), got \(number)") }
            if let maximum, number > maximum { throw .invalid("\(path) must be at most \(maximum), got \(number)") }
        case .boolean:
            guard case .bool = value else { throw Self.wrongType(path, "true or false", value) }
        case .array(let item, let maxItems, _):
            guard case .array(let items) = value else { throw Self.wrongType(path, "an array", value) }
            if let maxItems, items.count > maxItems {
                throw .invalid("\(path) may hold at most \(maxItems) items, got \(items.count)")
            }
            for (index, element) in items.enumerated() { try item.validate(element, at: "\(path)[\(index)]") }
        case .object(let properties, let required, let closed, _, let minProperties):
            guard case .object(let members) = value else { throw Self.wrongType(path, "an object", value) }
            if let minProperties, members.count < minProperties {
                throw .invalid("\(path) must name at least \(minProperties) field\(minProperties == 1 ? "" : "s")")
            }
            for name in required where members[name] == nil {
                throw .invalid("\(path).\(name) is required")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                guard let schema = properties[name] else {
                    if closed {
                        throw .invalid(
                            "\(path).\(name) is not a known field; known: \(properties.keys.sorted().joined(separator: ", "))"
                        )
                    }
                    continue
                }
                try schema.validate(member, at: "\(path).\(name)")
            }
        case .map(let valueSchema, _):
            guard case .object(let members) = value else { throw Self.wrongType(path, "an object", value) }
            for (name, member) in members { try valueSchema.validate(member, at: "\(path).\(name)") }
        case .any:
            break
        case .nullable(let inner):
            if case .null = value { return }
            try inner.validate(value, at: path)
        case .reference(_, let inner):
            try inner.validate(value, at: path)
        }
    }

    private static func wrongType(_ path: String, _ expected: String, _ value: JSONValue) -> APIError {
        let actual: String
        switch value {
        case .null: actual = "null"
        case .bool: actual = "a boolean"
        case .number: actual = "a number"
        case .string: actual = "a string"
        case .array: actual = "an array"
        case .object: actual = "an object"
        }
        return .invalid("\(path) must be \(expected), got \(actual)")
    }
}

/// A pattern the API enforces on a string, stated in the OpenAPI document as a regular expression and checked
/// here by a byte test, so the document and the server agree without a regex engine in the request path.
package struct StringPattern: Sendable {
    /// The ECMA-262 regular expression the document states.
    package let regex: String
    /// What it means, for error messages ("a user name: lowercase letters, …").
    package let meaning: String
    /// The check the server makes.
    private let test: @Sendable (String) -> Bool

    /// Whether `text` follows the pattern.
    package func matches(_ text: String) -> Bool { test(text) }

    /// A registered user's name, as `UserAdministration` accepts it.
    package static let userName = StringPattern(
        regex: "^[a-z][a-z0-9._-]{0,63}$",
        meaning: "1–64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter",
        test: { UserAdministration.isValidName($0) })

    /// One line of text with no control characters, as `TextLimit` accepts labels and names.
    package static let singleLine = StringPattern(
        regex: "^[^\\u0000-\\u001F\\u007F-\\u009F]*$", meaning: "text without control characters",
        test: { !$0.unicodeScalars.contains(where: TextLimit.isControl) })

    /// Text that may hold line breaks and tabs but no other control characters (notes, reasons).
    package static let multiline = StringPattern(
        regex: "^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]*$",
        meaning: "text without control characters other than line breaks and tabs",
        test: { !$0.unicodeScalars.contains { TextLimit.isControl($0) && $0 != "\n" && $0 != "\t" } })

    /// A source table name, as the connectors accept it (`SourceTableName`).
    package static let sourceTable = StringPattern(
        regex: "^[A-Za-z0-9_$#][A-Za-z0-9_$#-]{0,127}$", meaning: "a table name: letters, digits and _ $ # -",
        test: { (try? SourceTableName.check($0)) != nil })
}
