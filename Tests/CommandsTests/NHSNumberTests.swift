import XCTest

@testable import Commands

/// Vectors from shared/reference/README.md ("Checked by hand"), used unchanged.
final class NHSNumberTests: XCTestCase {
    private let referenceValid = [
        "9434765919", "4698194180", "9990000018", "9990000026", "9990001235", "9990012342", "9999999999",
    ]
    private let referenceInvalid = ["9434765918", "9991234560", "9876544321", "1234567890", "9111111124"]

    func testValidate_referenceValidVectorsPassModulus11() {
        for raw in referenceValid {
            let check = NHSNumber.validate(raw)
            XCTAssertEqual(check.number?.digits, raw, raw)
        }
    }

    func testValidate_referenceValidVectorsAreValidExceptRepeatedDigits() {
        for raw in referenceValid where raw != "9999999999" {
            XCTAssertTrue(NHSNumber.validate(raw).isValid, raw)
        }
    }

    func testValidate_referenceInvalidVectorsAreRejected() {
        for raw in referenceInvalid {
            guard case .invalid = NHSNumber.validate(raw) else {
                return XCTFail("\(raw) accepted")
            }
        }
    }

    func testValidate_wrongCheckDigitNamesExpectedDigit() {
        XCTAssertEqual(NHSNumber.validate("9434765918"), .invalid(.checkDigitMismatch(expected: 9, found: 8)))
    }

    func testValidate_everyNumberStarting999000000IsCheckDigitTen() {
        for last in 0...9 {
            XCTAssertEqual(NHSNumber.validate("999000000\(last)"), .invalid(.checkDigitIsTen), "\(last)")
        }
    }

    func testValidate_placeholderZerosRejected() {
        XCTAssertEqual(NHSNumber.validate("0000000000"), .invalid(.placeholder))
        XCTAssertEqual(NHSNumber.validate("0000000000").rule, "NHS_NUMBER_PLACEHOLDER")
    }

    func testValidate_otherRepeatedDigitNumbersAreSuspiciousNotValid() {
        for digit in 1...9 {
            let raw = String(repeating: String(digit), count: 10)
            let check = NHSNumber.validate(raw)
            XCTAssertEqual(check.number?.digits, raw, "all-same numbers pass Modulus 11")
            XCTAssertEqual(check.rule, "NHS_NUMBER_REPEATED_DIGIT", raw)
            XCTAssertFalse(check.isValid, raw)
        }
    }

    func testValidate_wrongLengthRejected() {
        XCTAssertEqual(NHSNumber.validate(""), .invalid(.wrongLength(0)))
        XCTAssertEqual(NHSNumber.validate("943476591"), .invalid(.wrongLength(9)))
        XCTAssertEqual(NHSNumber.validate("94347659190"), .invalid(.wrongLength(11)))
    }

    func testValidate_nonDigitsRejectedWithoutStripping() {
        for raw in ["943 476 5919", "943-476-5919", " 9434765919", "9434765919\n", "94347659I9", "９４３４７６５９１９"] {
            XCTAssertEqual(NHSNumber.validate(raw), .invalid(.nonDigit), raw)
        }
    }

    func testFormatted_isThreeThreeFour() {
        XCTAssertEqual(NHSNumber.validate("9434765919").number?.formatted, "943 476 5919")
        XCTAssertEqual(NHSNumber.validate("9434765919").number?.description, "9434765919")
    }

    func testCheckDigit_matchesHandWorkedExample() {
        // 9,4,3,4,7,6,5,9,1 × 10..2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
        XCTAssertEqual(NHSNumber.checkDigit(forFirstNine: [9, 4, 3, 4, 7, 6, 5, 9, 1]), 9)
        XCTAssertNil(NHSNumber.checkDigit(forFirstNine: [9, 9, 9, 0, 0, 0, 0, 0, 0]))
    }

    func testIsTestRange() {
        XCTAssertEqual(NHSNumber.validate("9990000018").number?.isTestRange, true)
        XCTAssertEqual(NHSNumber.validate("9434765919").number?.isTestRange, false)
    }
}
