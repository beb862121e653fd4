import Foundation
import Projections
import XCTest

final class SchemaCatalogWriterTests: XCTestCase {
    private let tables = [
        TableSchema(
            name: "patient",
            columns: [
                ColumnSchema(name: "patient_id", type: "text", nullable: false, primaryKey: true),
                ColumnSchema(
                    name: "stated_gender_code", type: "char(1)", nullable: false, codeSet: "PERSON_STATED_GENDER_CODE",
                    allowedValues: ["1", "2", "9", "X"]),
                ColumnSchema(name: "weight_kg", type: "numeric(5,2)"),
            ]),
        TableSchema(
            name: "patient_name",
            columns: [
                ColumnSchema(name: "patient_name_id", type: "text", nullable: false, primaryKey: true),
                ColumnSchema(name: "patient_id", type: "text", nullable: false, foreignKey: "patient.patient_id"),
                // A name from a legacy data dictionary must not run as a formula in a spreadsheet.
                ColumnSchema(name: "=cmd", type: "text"),
            ]),
    ]

    func testCatalog_headerIsExactlyTheAgreedOne() {
        XCTAssertEqual(
            SchemaCatalogWriter.header,
            ["table", "column", "type", "nullable", "primary_key", "foreign_key", "code_set"])
    }

    func testCatalog_oneRowPerColumnWithYesNoAndEmptyCells() {
        XCTAssertEqual(
            SchemaCatalogWriter.rows(for: tables),
            [
                ["patient", "patient_id", "text", "no", "yes", "", ""],
                ["patient", "stated_gender_code", "char(1)", "no", "no", "", "PERSON_STATED_GENDER_CODE"],
                ["patient", "weight_kg", "numeric(5,2)", "yes", "no", "", ""],
                ["patient_name", "patient_name_id", "text", "no", "yes", "", ""],
                ["patient_name", "patient_id", "text", "no", "no", "patient.patient_id", ""],
                ["patient_name", "=cmd", "text", "yes", "no", "", ""],
            ])
    }

    func testCatalog_writtenAtomicallyAndNeutralised() throws {
        let folder = try TemporaryFolder(self)
        let url = folder.file("target_schema_catalog.csv")
        XCTAssertEqual(try SchemaCatalogWriter.write(tables, to: url), 6)
        XCTAssertEqual(try folder.contents(), ["target_schema_catalog.csv"])
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        XCTAssertEqual(
            text,
            """
            table,column,type,nullable,primary_key,foreign_key,code_set
            patient,patient_id,text,no,yes,,
            patient,stated_gender_code,char(1),no,no,,PERSON_STATED_GENDER_CODE
            patient,weight_kg,"numeric(5,2)",yes,no,,
            patient_name,patient_name_id,text,no,yes,,
            patient_name,patient_id,text,no,no,patient.patient_id,
            patient_name,'=cmd,text,yes,no,,

            """)
    }

    func testCatalog_missingFolderLeavesNothingBehind() throws {
        let folder = try TemporaryFolder(self)
        XCTAssertThrowsError(try SchemaCatalogWriter.write(tables, to: folder.file("missing/catalog.csv")))
        XCTAssertEqual(try folder.contents(), [])
    }
}
