import Projections
import XCTest

final class CSVFieldEncoderTests: XCTestCase {
    private let plain = CSVFieldEncoder(neutraliseFormulas: false)
    private let forPeople = CSVFieldEncoder(neutraliseFormulas: true)

    func testEncoder_quotesCommaQuoteCRAndLF() {
        XCTAssertEqual(plain.encode(row: ["a,b"]), "\"a,b\"\n")
        XCTAssertEqual(plain.encode(row: ["a\"b"]), "\"a\"\"b\"\n")
        XCTAssertEqual(plain.encode(row: ["a\rb"]), "\"a\rb\"\n")
        XCTAssertEqual(plain.encode(row: ["a\nb"]), "\"a\nb\"\n")
        XCTAssertEqual(plain.encode(row: ["a\tb", "é", "x y"]), "a\tb,é,x y\n")
    }

    func testEncoder_loneEmptyFieldIsWrittenAsTwoQuotes() {
        XCTAssertEqual(plain.encode(row: [""]), "\"\"\n")
        XCTAssertEqual(plain.encode(row: ["", ""]), ",\n")
    }

    func testEncoder_withoutNeutralisationFormulasAreKeptVerbatim() {
        XCTAssertEqual(plain.encode(row: ["=1+2", "+44", "-5", "@SUM(A1)"]), "=1+2,+44,-5,@SUM(A1)\n")
    }

    func testEncoder_neutralisesEveryOWASPTrigger() {
        XCTAssertEqual(forPeople.encode(row: ["=1+2"]), "'=1+2\n")
        XCTAssertEqual(forPeople.encode(row: ["+44 20 7946 0000"]), "'+44 20 7946 0000\n")
        XCTAssertEqual(forPeople.encode(row: ["@SUM(A1:A9)"]), "'@SUM(A1:A9)\n")
        XCTAssertEqual(forPeople.encode(row: ["-2+3+cmd|' /C calc'!A0"]), "'-2+3+cmd|' /C calc'!A0\n")
        XCTAssertEqual(forPeople.encode(row: ["\t=1"]), "'\t=1\n")
        // CR forces quoting; the prefix goes inside the quotes so it stays part of the cell.
        XCTAssertEqual(forPeople.encode(row: ["\r=1"]), "\"'\r=1\"\n")
    }

    func testEncoder_negativeNumbersAreNeutralisedToo() {
        XCTAssertEqual(forPeople.encode(row: ["-5", "-0.25", "5"]), "'-5,'-0.25,5\n")
    }

    func testEncoder_neutralisedCellThatNeedsQuotesKeepsThePrefixInside() {
        XCTAssertEqual(forPeople.encode(row: ["=A1,\"x\""]), "\"'=A1,\"\"x\"\"\"\n")
    }

    func testEncoder_onlyTheFirstCharacterMatters() {
        XCTAssertEqual(forPeople.encode(row: ["a=1", " =1", "x-5", ""]), "a=1, =1,x-5,\n")
    }
}
