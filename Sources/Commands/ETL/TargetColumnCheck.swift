import Projections

/// What the EPR's DDL demands of one column's values: type, length, CHECK list and pattern, compiled once.
///
/// The same check runs three times on purpose: on contract literals when the contract is validated, on every cell
/// before the ETL writes a row (a violating row is rejected, never written), and on every cell read back from the
/// written files by `TargetConformanceChecker` (an independent second look, as the database would give). NOT NULL
/// is the caller's business, because an empty cell means NULL and is never passed here.
///
/// Not `Sendable`: the compiled pattern is a `Regex`, and one check belongs to one run (or one thread of the
/// re-check). A final class so that the ETL's per-cell use does not copy the column description each time.
package final class TargetColumnCheck {
    /// How the column's type constrains the text of a value.
    package enum Kind: Equatable, Sendable {
        /// Any text.
        case text
        /// At most n characters.
        case varchar(Int)
        /// At most n characters (PostgreSQL pads shorter values; it refuses longer ones).
        case char(Int)
        /// A 32-bit signed integer.
        case integer
        /// A 64-bit signed integer.
        case bigint
        /// At most precision - scale integer digits and scale fraction digits.
        case numeric(precision: Int, scale: Int)
        /// `yyyy-MM-dd`, a real calendar date.
        case date
        /// `yyyy-MM-ddTHH:mm:ss`, a real date and time.
        case timestamp
        /// `true` or `false`.
        case boolean
    }

    /// A value the column would refuse: a stable rule id and a sentence saying why.
    package struct Violation: Equatable, Sendable {
        /// `TARGET_TYPE`, `TARGET_LENGTH`, `TARGET_CHECK` or `TARGET_PATTERN`.
        package let rule: String
        /// What is wrong with the value.
        package let message: String
    }

    /// The column as the DDL declares it.
    package let column: ColumnSchema
    /// Its type, parsed.
    package let kind: Kind
    /// The CHECK list, if any.
    private let allowed: Set<String>?
    /// The compiled pattern, if any.
    private let pattern: Regex<AnyRegexOutput>?
    /// Plain text with no CHECK list or pattern: nothing to check, the common case.
    private let unconstrained: Bool
    /// The layout dates are written in.
    private static let isoDate = ContractDateFormat("yyyy-MM-dd")
    /// The layout timestamps are written in.
    private static let isoTimestamp = ContractDateFormat("yyyy-MM-ddTHH:mm:ss")

    /// Compiles the checks of `column`; throws when its type or pattern is not one this product understands.
    package init(_ column: ColumnSchema) throws(TransformError) {
        self.column = column
        guard let kind = Self.kind(of: column.type) else {
            throw TransformError("column \(column.name) has type \(column.type), which the ETL cannot check")
        }
        self.kind = kind
        self.allowed = column.allowedValues.map(Set.init)
        if let text = column.pattern {
            do {
                pattern = try Regex(text)
            } catch {
                throw TransformError("column \(column.name) has pattern \(text), which does not compile: \(error)")
            }
        } else {
            pattern = nil
        }
        unconstrained = kind == .text && column.allowedValues == nil && column.pattern == nil
    }

    /// The first reason the column refuses `value` (which is not empty), or nil when it accepts it.
    package func violation(of value: String) -> Violation? {
        if unconstrained { return nil }
        if let message = typeProblem(value) {
            return Violation(rule: message.rule, message: message.text)
        }
        if let allowed, !allowed.contains(value) {
            return Violation(
                rule: "TARGET_CHECK",
                message: "\"\(value)\" is not allowed in \(column.name)"
                    + (column.codeSet.map { " (code set \($0): active codes only)" } ?? ""))
        }
        // Tested through the column first: binding the optional Regex copies it, which is not free per cell.
        if column.pattern != nil, let pattern, value.firstMatch(of: pattern) == nil {
            return Violation(
                rule: "TARGET_PATTERN",
                message: "\"\(value)\" does not match \(column.name)'s pattern \(column.pattern ?? "")")
        }
        return nil
    }

    /// Why `value` does not fit the column's type or length, if it does not.
    private func typeProblem(_ value: String) -> (rule: String, text: String)? {
        switch kind {
        case .text:
            return nil
        case .varchar(let limit), .char(let limit):
            // Byte count bounds the character count from above, so most values need no scalar count at all.
            if value.utf8.count <= limit || value.unicodeScalars.count <= limit { return nil }
            return (
                "TARGET_LENGTH", "\(column.name) holds at most \(limit) characters, got \(value.unicodeScalars.count)"
            )
        case .integer:
            guard let number = Int(value), number >= Int(Int32.min), number <= Int(Int32.max) else {
                return ("TARGET_TYPE", "\"\(value)\" is not an integer for \(column.name)")
            }
            return nil
        case .bigint:
            return Int64(value) == nil ? ("TARGET_TYPE", "\"\(value)\" is not a bigint for \(column.name)") : nil
        case .numeric(let precision, let scale):
            return Self.fitsNumeric(value, precision: precision, scale: scale)
                ? nil : ("TARGET_TYPE", "\"\(value)\" does not fit numeric(\(precision),\(scale)) of \(column.name)")
        case .date:
            return Self.isoDate?.dayNumber(value) == nil
                ? ("TARGET_TYPE", "\"\(value)\" is not a yyyy-MM-dd date for \(column.name)") : nil
        case .timestamp:
            return Self.isoTimestamp?.dayNumber(value) == nil
                ? ("TARGET_TYPE", "\"\(value)\" is not a yyyy-MM-ddTHH:mm:ss timestamp for \(column.name)") : nil
        case .boolean:
            return value == "true" || value == "false"
                ? nil : ("TARGET_TYPE", "\"\(value)\" is not true or false for \(column.name)")
        }
    }

    /// Whether `value` is a plain decimal (optional minus, digits, optional point and digits) within the bounds.
    package static func fitsNumeric(_ value: String, precision: Int, scale: Int) -> Bool {
        var bytes = Array(value.utf8)
        if bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(point ?? bytes.count)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        guard !whole.isEmpty, whole.allSatisfy(isDigit), fraction.allSatisfy(isDigit) else { return false }
        guard point == nil || !fraction.isEmpty else { return false }
        let significantWhole = whole.drop { $0 == UInt8(ascii: "0") }.count
        return significantWhole <= precision - scale && fraction.count <= scale
    }

    /// Whether `byte` is an ASCII digit.
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// Parses a normalised DDL type (`varchar(10)`, `numeric(5,2)`, …).
    package static func kind(of type: String) -> Kind? {
        switch type {
        case "text": return .text
        case "integer": return .integer
        case "bigint": return .bigint
        case "date": return .date
        case "timestamp": return .timestamp
        case "boolean": return .boolean
        default: break
        }
        guard let open = type.firstIndex(of: "("), type.hasSuffix(")") else { return nil }
        let name = type[..<open]
        let numbers = type[type.index(after: open)..<type.index(before: type.endIndex)].split(separator: ",").map {
            Int($0)
        }
        switch (name, numbers.count) {
        case ("varchar", 1): return numbers[0].map(Kind.varchar)
        case ("char", 1): return numbers[0].map(Kind.char)
        case ("numeric", 2):
            guard let precision = numbers[0], let scale = numbers[1] else { return nil }
            return .numeric(precision: precision, scale: scale)
        default: return nil
        }
    }
}
