/// A ten-digit NHS number whose Modulus 11 check digit is correct (NHS Data Dictionary, NHS NUMBER).
///
/// Only `validate(_:)` makes one, so holding an `NHSNumber` means the checksum has been verified.
package struct NHSNumber: Sendable, Hashable, CustomStringConvertible {
    /// The ten digits, no separators.
    package let digits: String

    private init(checkedDigits: String) {
        self.digits = checkedDigits
    }

    /// Display form 3-3-4, e.g. `943 476 5919`.
    package var formatted: String {
        let characters = Array(digits)
        return String(characters[0..<3]) + " " + String(characters[3..<6]) + " " + String(characters[6..<10])
    }

    /// The digits; never the formatted form, so logs and files stay machine-comparable.
    package var description: String { digits }

    /// Whether the number lies in 999 000 0000 – 999 999 9999, the range reserved for testing.
    package var isTestRange: Bool { digits.hasPrefix("999") }

    /// Validates a raw value exactly as given.
    ///
    /// Nothing is trimmed or stripped: `"943 476 5919"` is rejected as non-digits, because accepting it would hide
    /// from the quality report that the source column holds display-formatted values.
    package static func validate(_ raw: String) -> NHSNumberCheck {
        var values: [Int] = []
        values.reserveCapacity(10)
        for byte in raw.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                return .invalid(.nonDigit)
            }
            values.append(Int(byte - UInt8(ascii: "0")))
        }
        guard values.count == 10 else {
            return .invalid(.wrongLength(values.count))
        }
        // 0000000000 is the documented placeholder; it passes the checksum, so test it first.
        if values.allSatisfy({ $0 == 0 }) {
            return .invalid(.placeholder)
        }
        guard let expected = checkDigit(forFirstNine: values[0..<9]) else {
            return .invalid(.checkDigitIsTen)
        }
        guard expected == values[9] else {
            return .invalid(.checkDigitMismatch(expected: expected, found: values[9]))
        }
        let number = NHSNumber(checkedDigits: raw)
        // Every all-same-digit number passes Modulus 11 (the weights sum to 54 ≡ -1 mod 11), which is why they are
        // popular dummy values. The reference lists 9999999999 as valid, so they are flagged, not rejected.
        if values.allSatisfy({ $0 == values[0] }) {
            return .suspicious(number, .repeatedDigit)
        }
        return .valid(number)
    }

    /// The check digit for nine leading digits, or nil when Modulus 11 gives 10 (no valid number has that stem).
    package static func checkDigit<Digits: Collection<Int>>(forFirstNine digits: Digits) -> Int? {
        var sum = 0
        var weight = 10
        for digit in digits {
            sum += digit * weight
            weight -= 1
        }
        let check = 11 - sum % 11
        switch check {
        case 11: return 0
        case 10: return nil
        default: return check
        }
    }
}

/// The outcome of `NHSNumber.validate(_:)`.
package enum NHSNumberCheck: Sendable, Equatable {
    /// Ten digits with a correct check digit and no known dummy pattern.
    case valid(NHSNumber)
    /// Checksum-correct but matching a dummy pattern; migrate only with a quality warning and a PDS trace.
    case suspicious(NHSNumber, NHSNumberSuspicion)
    /// Not an NHS number.
    case invalid(NHSNumberDefect)

    /// The number when the checksum passed (valid or suspicious), otherwise nil.
    package var number: NHSNumber? {
        switch self {
        case .valid(let number), .suspicious(let number, _): number
        case .invalid: nil
        }
    }

    /// True for `.valid` only.
    package var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// Stable rule id for quality reports, nil when valid.
    package var rule: String? {
        switch self {
        case .valid: nil
        case .suspicious(_, let suspicion): suspicion.rule
        case .invalid(let defect): defect.rule
        }
    }
}

/// Why a value is not an NHS number.
package enum NHSNumberDefect: Sendable, Equatable {
    /// A character other than an ASCII digit (including spaces and dashes).
    case nonDigit
    /// Not exactly ten digits; carries the count found.
    case wrongLength(Int)
    /// `0000000000`, the placeholder used when no number is known.
    case placeholder
    /// Modulus 11 gives 10 for the first nine digits, so no check digit can make the number valid.
    case checkDigitIsTen
    /// The tenth digit is not the check digit.
    case checkDigitMismatch(expected: Int, found: Int)

    /// Stable rule id for quality and reject reports.
    package var rule: String {
        switch self {
        case .nonDigit: "NHS_NUMBER_NON_DIGIT"
        case .wrongLength: "NHS_NUMBER_WRONG_LENGTH"
        case .placeholder: "NHS_NUMBER_PLACEHOLDER"
        case .checkDigitIsTen: "NHS_NUMBER_CHECK_DIGIT_10"
        case .checkDigitMismatch: "NHS_NUMBER_CHECK_DIGIT_MISMATCH"
        }
    }
}

/// Why a checksum-correct number still looks wrong.
package enum NHSNumberSuspicion: String, Sendable, Equatable {
    /// All ten digits are the same (1111111111 … 9999999999).
    case repeatedDigit

    /// Stable rule id for quality reports.
    package var rule: String { "NHS_NUMBER_REPEATED_DIGIT" }
}
