import Foundation

extension TransformStep {
    /// Every step name, for error messages that tell the user what they may write instead.
    package static let vocabulary = [
        "direct", "trim", "upper", "lower", "null", "constant(VALUE)", "integer", "decimal(P,S)", "date(FORMAT)",
        "datetime(FORMAT)", "boolean(TRUE/FALSE)", "is_empty", "nhs_number", "crosswalk(FROM->TO)", "code(CODE_SET)",
        "hold_if_unresolved(CODE_SET->OTHER_SET)", "map(LEGACY:TARGET,...)", "key(PREFIX)", "concat('SEP')",
        "word(N)", "words_from(N)", "lookup(TABLE.COLUMN)", "days_at_least(N)", "last_in_group(COLUMN)",
        "first_row_key", "migration_date",
    ]

    /// Parses one step such as `date(yyyy-MM-dd)`; the error says what is wrong and what to write instead.
    package static func parse(_ text: String) throws(TransformError) -> TransformStep {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let name: String
        let argument: String?
        if let open = trimmed.firstIndex(of: "(") {
            guard trimmed.hasSuffix(")") else {
                throw TransformError("step \"\(trimmed)\" opens a parenthesis it does not close")
            }
            name = String(trimmed[..<open])
            argument = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        } else {
            name = trimmed
            argument = nil
        }
        if let step = try simpleStep(name, argument) { return step }
        guard let argument else {
            throw unknownOrBare(name)
        }
        return try stepWithArgument(name, argument)
    }

    /// A step that takes no argument, or nil when `name` is not one.
    private static func simpleStep(_ name: String, _ argument: String?) throws(TransformError) -> TransformStep? {
        let simple: [String: TransformStep] = [
            "direct": .direct, "trim": .trim, "upper": .upper, "lower": .lower, "null": .null, "integer": .integer,
            "is_empty": .isEmpty, "nhs_number": .nhsNumber, "first_row_key": .firstRowKey,
            "migration_date": .migrationDate,
        ]
        guard let step = simple[name] else { return nil }
        guard argument == nil else {
            throw TransformError("\(name) takes no argument; write \(name) without parentheses")
        }
        return step
    }

    /// The error for a name that is unknown or lacks its argument.
    private static func unknownOrBare(_ name: String) -> TransformError {
        let needsArgument = vocabulary.filter { $0.hasPrefix(name + "(") }
        if let form = needsArgument.first {
            return TransformError("\(name) needs an argument: write \(form)")
        }
        return TransformError(
            "unknown transform \"\(name)\"; use one of \(vocabulary.joined(separator: ", ")) (joined with |)")
    }

    /// A step written `name(argument)`.
    private static func stepWithArgument(_ name: String, _ argument: String) throws(TransformError) -> TransformStep {
        switch name {
        case "constant":
            guard !argument.isEmpty else {
                throw TransformError("constant() is empty; write null to leave the column empty")
            }
            return .constant(argument)
        case "decimal":
            let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard parts.count == 2, let precision = parts[0], let scale = parts[1], precision >= 1,
                precision <= 38, scale >= 0, scale <= precision
            else {
                throw TransformError("decimal(\(argument)) needs precision and scale, e.g. decimal(5,2)")
            }
            return .decimal(precision: precision, scale: scale)
        case "date", "datetime":
            guard let format = ContractDateFormat(argument) else {
                throw TransformError(
                    "\(name)(\(argument)): the format may use yyyy MM dd HH mm ss and separators, e.g. "
                        + "\(name)(yyyy-MM-dd\(name == "date" ? "" : " HH:mm:ss"))")
            }
            return name == "date" ? .date(format) : .datetime(format)
        case "boolean":
            let parts = argument.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != parts[1] else {
                throw TransformError("boolean(\(argument)) needs the two legacy spellings, e.g. boolean(Y/N)")
            }
            return .boolean(trueValue: parts[0], falseValue: parts[1])
        case "crosswalk", "hold_if_unresolved":
            let chain = argument.components(separatedBy: "->").map { $0.trimmingCharacters(in: .whitespaces) }
            let exact = name == "hold_if_unresolved"
            guard chain.count >= 2, !exact || chain.count == 2, chain.allSatisfy(isIdentifier) else {
                throw TransformError(
                    "\(name)(\(argument)) needs code sets joined by ->, e.g. \(name)(FROM_SET->TO_SET)"
                        + (exact ? "" : " or crosswalk(A->B->C)"))
            }
            return exact ? .holdIfUnresolved(from: chain[0], to: chain[1]) : .crosswalk(chain)
        case "code":
            guard isIdentifier(argument) else {
                throw TransformError("code(\(argument)) needs one code set name, e.g. code(ADMISSION_METHOD)")
            }
            return .code(argument)
        case "map":
            return .map(try mapEntries(argument))
        case "key":
            guard !argument.isEmpty, argument.utf8.allSatisfy({ isIdentifierByte($0) || $0 == UInt8(ascii: "-") })
            else {
                throw TransformError("key(\(argument)) needs a prefix of letters, digits, _ or -, e.g. key(PAT)")
            }
            return .key(prefix: argument)
        case "concat":
            return .concat(separator: unquoted(argument))
        case "word", "words_from", "days_at_least":
            guard let number = Int(argument), number >= (name == "days_at_least" ? 0 : 1) else {
                throw TransformError("\(name)(\(argument)) needs a whole number, e.g. \(name)(1)")
            }
            return name == "word" ? .word(number) : name == "words_from" ? .wordsFrom(number) : .daysAtLeast(number)
        case "lookup":
            let parts = argument.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, isIdentifier(parts[0]), isIdentifier(parts[1]) else {
                throw TransformError("lookup(\(argument)) needs TABLE.COLUMN, e.g. lookup(REFERRAL.INTERNAL_NO)")
            }
            return .lookup(table: parts[0], column: parts[1])
        case "last_in_group":
            guard isIdentifier(argument) else {
                throw TransformError("last_in_group(\(argument)) needs one column name, e.g. last_in_group(SPELL_ID)")
            }
            return .lastInGroup(groupColumn: argument)
        default:
            throw unknownOrBare(name)
        }
    }

    /// The `LEGACY:TARGET` pairs of a map.
    private static func mapEntries(_ argument: String) throws(TransformError) -> [MapEntry] {
        var entries: [MapEntry] = []
        for pair in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let colon = pair.firstIndex(of: ":"), colon != pair.startIndex else {
                throw TransformError(
                    "map entry \"\(pair)\" needs LEGACY:TARGET (an empty TARGET means NULL), e.g. map(Y:true,N:false)")
            }
            let source = String(pair[..<colon])
            guard !entries.contains(where: { $0.source == source }) else {
                throw TransformError("map lists \"\(source)\" twice; keep one target for it")
            }
            entries.append(MapEntry(source: source, target: String(pair[pair.index(after: colon)...])))
        }
        return entries
    }

    /// `text` without surrounding single quotes.
    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// Upper- or lower-case letters, digits and underscores, as table, column and code-set names are written.
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isIdentifierByte)
    }

    /// Whether `byte` may appear in a table, column or code-set name.
    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_")
    }
}
