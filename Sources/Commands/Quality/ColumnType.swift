/// A column's declared type, parsed once from the schema, and the check every non-empty value must pass: one
/// definition for the ETL (`TargetColumnCheck`, before a row is written and when the files are read back) and the
/// quality step, so the two never disagree about a value.
///
/// Values are checked as the ETL must write them (see the target contract in DESIGN.md §5), not as PostgreSQL
/// would coerce them: `char(n)` must hold exactly n characters, because the char columns hold fixed-width codes
/// and NHS numbers where a short value is a lost leading zero (`1` for `01`) that PostgreSQL would silently pad;
/// `numeric(p,s)` refuses more than s decimals instead of rounding them away.
package enum ColumnType: Sendable, Equatable {
    /// Any text.
    case text
    /// At most `n` characters.
    case varchar(Int)
    /// Exactly `n` characters.
    case char(Int)
    /// A 32-bit signed integer.
    case integer
    /// A 64-bit signed integer.
    case bigint
    /// A decimal with at most `precision` digits, `scale` of them after the point.
    case numeric(precision: Int, scale: Int)
    /// `yyyy-MM-dd`.
    case date
    /// `yyyy-MM-ddTHH:mm:ss`.
    case timestamp
    /// `true` or `false`.
    case boolean

    /// What is wrong with a value, when something is.
    package enum Problem: Equatable, Sendable {
        /// The value is not of the type at all (a `DQ_TYPE` issue).
        case notOfType
        /// The value has the wrong number of characters (a `DQ_LENGTH` issue); the count found.
        case length(Int)
    }

    /// Parses a normalised DDL type (`varchar(10)`, `numeric(5,2)`, …); nil for a type the checks do not know.
    package init?(declared: String) {
        let compact = declared.lowercased().filter { $0 != " " }
        switch compact {
        case "text": self = .text
        case "integer", "int", "int4": self = .integer
        case "bigint", "int8": self = .bigint
        case "date": self = .date
        case "timestamp": self = .timestamp
        case "boolean", "bool": self = .boolean
        default:
            guard let open = compact.firstIndex(of: "("), compact.hasSuffix(")") else {
                return nil
            }
            let name = compact[..<open]
            let arguments = compact[compact.index(after: open)..<compact.index(before: compact.endIndex)]
                .split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            switch (name, arguments.count) {
            case ("varchar", 1):
                guard let length = arguments[0], length > 0 else { return nil }
                self = .varchar(length)
            case ("char", 1):
                guard let length = arguments[0], length > 0 else { return nil }
                self = .char(length)
            case ("numeric", 2):
                guard let precision = arguments[0], let scale = arguments[1], precision > 0, (0...precision) ~= scale
                else { return nil }
                self = .numeric(precision: precision, scale: scale)
            default:
                return nil
            }
        }
    }

    /// The problem with a non-empty `value`, or nil when it is valid.
    package func problem(with value: String) -> Problem? {
        switch self {
        case .text:
            return nil
        case .varchar(let limit):
            // Byte count bounds character count from above, so most values never need counting.
            if value.utf8.count <= limit {
                return nil
            }
            let characters = value.unicodeScalars.count
            return characters <= limit ? nil : .length(characters)
        case .char(let length):
            if value.utf8.count == length {
                return nil
            }
            let characters = value.unicodeScalars.count
            return characters == length ? nil : .length(characters)
        case .integer:
            return Self.integer(value, within: Int(Int32.min)...Int(Int32.max)) ? nil : .notOfType
        case .bigint:
            return Self.integer(value, within: Int.min...Int.max) ? nil : .notOfType
        case .numeric(let precision, let scale):
            return Self.fitsNumeric(value, precision: precision, scale: scale) ? nil : .notOfType
        case .date:
            return ISOTemporal.day(value) == nil ? .notOfType : nil
        case .timestamp:
            return ISOTemporal.seconds(value) == nil ? .notOfType : nil
        case .boolean:
            return value == "true" || value == "false" ? nil : .notOfType
        }
    }

    /// What a valid value looks like, for issue messages.
    package var expectation: String {
        switch self {
        case .text: "text"
        case .varchar(let limit): "at most \(limit) characters"
        case .char(let length): "exactly \(length) characters"
        case .integer: "an integer between -2147483648 and 2147483647"
        case .bigint: "a 64-bit integer"
        case .numeric(let precision, let scale):
            "a decimal with at most \(precision - scale) digits before the point and \(scale) after"
        case .date: "a date yyyy-MM-dd"
        case .timestamp: "a timestamp yyyy-MM-ddTHH:mm:ss"
        case .boolean: "true or false"
        }
    }

    /// Optional `-`, then digits only, within `range` (no `+`, spaces or exponent: the ETL never writes them).
    private static func integer(_ value: String, within range: ClosedRange<Int>) -> Bool {
        // `Int(_:)` alone would also take a leading `+`; it returns nil on overflow, which is a type error too.
        guard let first = value.utf8.first, first == UInt8(ascii: "-") || isDigit(first), let number = Int(value)
        else {
            return false
        }
        return range.contains(number)
    }

    /// Optional `-`, digits, optionally `.` and at least one digit; integer digits ≤ p − s, decimals ≤ s.
    package static func fitsNumeric(_ value: String, precision: Int, scale: Int) -> Bool {
        var text = Substring(value)
        if text.first == "-" {
            text = text.dropFirst()
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else {
            return false
        }
        guard parts.allSatisfy({ $0.utf8.allSatisfy(isDigit) }) else {
            return false
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty else {
            return false
        }
        let integerDigits = parts[0].drop { $0 == "0" }.count
        return integerDigits <= precision - scale && fraction.count <= scale
    }

    /// Whether `byte` is an ASCII digit.
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
