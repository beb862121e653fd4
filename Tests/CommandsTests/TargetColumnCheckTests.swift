import Projections
import XCTest

@testable import Commands

/// The ETL's column check and the quality step's type check are one definition (`ColumnType`): a value the ETL
/// writes is never one the quality step then reports as the wrong type or length.
final class TargetColumnCheckTests: XCTestCase {
    func testShortCharValue_isRefusedBeforeItIsWritten_asTheQualityStepWouldReportIt() throws {
        let check = try TargetColumnCheck(ColumnSchema(name: "admin_category", type: "char(2)"))
        XCTAssertNil(check.violation(of: "01"))
        let short = check.violation(of: "1")
        XCTAssertEqual(short?.rule, "TARGET_LENGTH")
        XCTAssertEqual(short?.message, "admin_category holds exactly 2 characters, got 1")
        XCTAssertEqual(check.violation(of: "001")?.message, "admin_category holds exactly 2 characters, got 3")
        XCTAssertEqual(ColumnType(declared: "char(2)")?.problem(with: "1"), .length(1))
    }

    func testEveryTypeAndValue_theETLAndQualityVerdictsAgree() throws {
        let types = [
            "text", "varchar(3)", "char(3)", "integer", "bigint", "numeric(5,2)", "date", "timestamp", "boolean",
        ]
        let values = [
            "abc", "ab", "abcd", "é€x", "12", "-7", "+5", " 5", "2147483648", "99999999999999999999", "123.45",
            "1234.5", "0.456", "1.", ".5", "2024-02-29", "2023-02-29", "2024-13-01", "2024-02-29T23:59:59",
            "2024-02-29 23:59:59", "true", "TRUE", "false",
        ]
        for type in types {
            let check = try TargetColumnCheck(ColumnSchema(name: "c", type: type))
            let declared = try XCTUnwrap(ColumnType(declared: type))
            for value in values {
                let etl = check.violation(of: value)
                let quality = declared.problem(with: value)
                XCTAssertEqual(etl == nil, quality == nil, "\(type) \(value): ETL \(String(describing: etl))")
                switch quality {
                case .length: XCTAssertEqual(etl?.rule, "TARGET_LENGTH", "\(type) \(value)")
                case .notOfType: XCTAssertEqual(etl?.rule, "TARGET_TYPE", "\(type) \(value)")
                case nil: break
                }
            }
        }
        XCTAssertEqual(
            try TargetColumnCheck(ColumnSchema(name: "c", type: "integer")).violation(of: "+5")?.rule, "TARGET_TYPE")
    }
}
