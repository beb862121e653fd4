import XCTest

@testable import Commands

/// The transform vocabulary: what parses, what each error tells the user.
final class TransformTests: XCTestCase {
    func testParse_pipelineOfSteps() throws {
        let transform = try Transform.parse("lookup(CONSULTANT_EPISODE.SPELL_ID)|lookup(IP_SPELL.INTERNAL_NO)|key(PAT)")
        XCTAssertEqual(
            transform.steps,
            [
                .lookup(table: "CONSULTANT_EPISODE", column: "SPELL_ID"),
                .lookup(table: "IP_SPELL", column: "INTERNAL_NO"), .key(prefix: "PAT"),
            ])
        XCTAssertEqual(transform.arity, 1...1)
        XCTAssertEqual(transform.output, .text)
    }

    func testParse_everyFormInTheVocabulary() throws {
        let examples: [String: TransformStep] = [
            "direct": .direct, "trim": .trim, "upper": .upper, "lower": .lower, "null": .null,
            "constant(ORG-R9Z)": .constant("ORG-R9Z"), "integer": .integer,
            "decimal(5,2)": .decimal(precision: 5, scale: 2), "boolean(Y/N)": .boolean(trueValue: "Y", falseValue: "N"),
            "is_empty": .isEmpty, "nhs_number": .nhsNumber, "crosswalk(A->B->C)": .crosswalk(["A", "B", "C"]),
            "code(ADMISSION_METHOD)": .code("ADMISSION_METHOD"),
            "hold_if_unresolved(A->B)": .holdIfUnresolved(from: "A", to: "B"),
            "map(Y:permit,N:)": .map([.init(source: "Y", target: "permit"), .init(source: "N", target: "")]),
            "key(PID-NHS)": .key(prefix: "PID-NHS"), "concat(', ')": .concat(separator: ", "), "word(1)": .word(1),
            "words_from(2)": .wordsFrom(2), "days_at_least(21)": .daysAtLeast(21),
            "last_in_group(SPELL_ID)": .lastInGroup(groupColumn: "SPELL_ID"), "first_row_key": .firstRowKey,
            "migration_date": .migrationDate,
        ]
        for (text, step) in examples {
            XCTAssertEqual(try Transform.parse(text).steps, [step], text)
        }
        XCTAssertEqual(try Transform.parse("date(dd/MM/yyyy)").output, .date)
        XCTAssertEqual(try Transform.parse("datetime(yyyy-MM-dd HH:mm:ss)").output, .timestamp)
    }

    func testParse_errorsSayWhatToWrite() {
        let cases: [(String, String)] = [
            ("uppercase", "unknown transform \"uppercase\""),
            ("crosswalk(SEX)", "crosswalk(FROM_SET->TO_SET)"),
            ("crosswalk", "crosswalk needs an argument"),
            ("date(YYYY-MM-DD)", "yyyy MM dd"),
            ("boolean(Y)", "boolean(Y/N)"),
            ("map(Y)", "LEGACY:TARGET"),
            ("map(Y:a,Y:b)", "twice"),
            ("direct(x)", "takes no argument"),
            ("key(PAT)|constant(x)", "only be the first step"),
            ("date(yyyy-MM-dd", "leaves a parenthesis"),
            ("", "empty"),
            ("direct||upper", "empty step"),
            ("constant()", "write null"),
            ("decimal(2,5)", "decimal(5,2)"),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try Transform.parse(text), text) { error in
                let message = (error as? TransformError)?.message ?? ""
                XCTAssertTrue(message.contains(fragment), "\(text): \(message)")
            }
        }
    }

    func testDateFormat_readsExactlyAndRefusesImpossibleDates() throws {
        let format = try XCTUnwrap(ContractDateFormat("yyyy-MM-dd HH:mm:ss"))
        XCTAssertEqual(format.isoTimestamp("2024-02-29 23:59:00"), "2024-02-29T23:59:00")
        XCTAssertEqual(format.isoDate("2024-02-29 23:59:00"), "2024-02-29")
        XCTAssertNil(format.isoTimestamp("2023-02-29 10:00:00"), "not a leap year")
        XCTAssertNil(format.isoTimestamp("2024-02-03 24:00:00"))
        XCTAssertNil(format.isoTimestamp("2024-2-03 10:00:00"))
        XCTAssertNil(format.isoTimestamp("2024-02-03T10:00:00"))
        let british = try XCTUnwrap(ContractDateFormat("dd/MM/yyyy"))
        XCTAssertEqual(british.isoDate("31/12/1999"), "1999-12-31")
        XCTAssertEqual(british.isoTimestamp("31/12/1999"), "1999-12-31T00:00:00")
        XCTAssertNil(british.isoDate("31/11/1999"))
        XCTAssertNil(ContractDateFormat("yyyy-MM"), "a day is required")
        XCTAssertNil(ContractDateFormat("yyyy-MM-dd hh:mm"), "hh is not a token")
    }

    func testRowFilter_parsesTheFourForms() throws {
        XCTAssertEqual(try RowFilter(parsing: "all"), .all)
        XCTAssertEqual(try RowFilter(parsing: "present(NHS_NO)"), .present("NHS_NO"))
        XCTAssertEqual(try RowFilter(parsing: "distinct(THEATRE_CODE)"), .distinct("THEATRE_CODE"))
        XCTAssertEqual(try RowFilter(parsing: "duplicate(NHS_NO)"), .duplicate("NHS_NO"))
        XCTAssertThrowsError(try RowFilter(parsing: "where(NHS_NO)"))
    }
}
