import Projections
import XCTest

@testable import Commands

final class DDLParserTests: XCTestCase {
    private func parse(_ ddl: String) throws -> [TableSchema] {
        try DDLParser.parse(ddl, source: "test.sql")
    }

    /// Asserts that `ddl` is rejected at `line` with a message containing `text`.
    private func assertRejected(
        _ ddl: String, line: Int, _ text: String, file: StaticString = #filePath, testLine: UInt = #line
    ) {
        XCTAssertThrowsError(try parse(ddl), file: file, line: testLine) { error in
            guard let error = error as? DDLError else {
                return XCTFail("expected a DDLError, got \(error)", file: file, line: testLine)
            }
            XCTAssertEqual(error.line, line, error.description, file: file, line: testLine)
            XCTAssertTrue(error.message.contains(text), error.description, file: file, line: testLine)
            XCTAssertTrue(
                error.description.hasPrefix("test.sql:\(line):"), error.description, file: file, line: testLine)
        }
    }

    private let parent = "CREATE TABLE parent (parent_id text PRIMARY KEY, label text);\n"

    func testParser_readsEveryFormOfTheSubset() throws {
        let ddl = """
            -- an ordinary comment
            create table ward (
                ward_id TEXT primary key,
                name varchar(40) NOT NULL,
                parent_ward_id text REFERENCES ward (ward_id)
            );
            CREATE TABLE bed (
                bed_id text,
                ward_id text NOT NULL,
                sex char(1) CHECK (sex IN ('1', '2', '9', 'X')), -- codeset: PERSON_STATED_GENDER_CODE
                status varchar(10) NOT NULL CHECK (status IN (
                    'open', 'closed'
                )),  -- codeset: BED_STATUS
                code char(10) CHECK (code ~ '^[0-9]{10}$'),
                weight numeric(5, 2),
                beds bigint,
                opened date, changed timestamp, clean boolean, count integer,
                PRIMARY KEY (bed_id),
                FOREIGN KEY (ward_id) REFERENCES ward (ward_id),
                CHECK (count IN ('it''s'))
            );
            """
        let tables = try parse(ddl)
        XCTAssertEqual(
            tables,
            [
                TableSchema(
                    name: "ward",
                    columns: [
                        ColumnSchema(name: "ward_id", type: "text", nullable: false, primaryKey: true),
                        ColumnSchema(name: "name", type: "varchar(40)", nullable: false),
                        ColumnSchema(name: "parent_ward_id", type: "text", foreignKey: "ward.ward_id"),
                    ]),
                TableSchema(
                    name: "bed",
                    columns: [
                        ColumnSchema(name: "bed_id", type: "text", nullable: false, primaryKey: true),
                        ColumnSchema(name: "ward_id", type: "text", nullable: false, foreignKey: "ward.ward_id"),
                        ColumnSchema(
                            name: "sex", type: "char(1)", codeSet: "PERSON_STATED_GENDER_CODE",
                            allowedValues: ["1", "2", "9", "X"]),
                        ColumnSchema(
                            name: "status", type: "varchar(10)", nullable: false, codeSet: "BED_STATUS",
                            allowedValues: ["open", "closed"]),
                        ColumnSchema(name: "code", type: "char(10)", pattern: "^[0-9]{10}$"),
                        ColumnSchema(name: "weight", type: "numeric(5,2)"),
                        ColumnSchema(name: "beds", type: "bigint"),
                        ColumnSchema(name: "opened", type: "date"),
                        ColumnSchema(name: "changed", type: "timestamp"),
                        ColumnSchema(name: "clean", type: "boolean"),
                        ColumnSchema(name: "count", type: "integer", allowedValues: ["it's"]),
                    ]),
            ])
        XCTAssertEqual(tables[1].primaryKey, ["bed_id"])
    }

    func testParser_emptyTextHasNoTables() throws {
        XCTAssertEqual(try parse("-- nothing here\n\n"), [])
    }

    func testParser_compositePrimaryKey() throws {
        let tables = try parse("CREATE TABLE pair (a text, b text, PRIMARY KEY (a, b));")
        XCTAssertEqual(tables[0].primaryKey, ["a", "b"])
    }

    func testParser_unsupportedTypeNamesItsLine() {
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY,\n  amount money\n);", line: 3, "unsupported type 'money'")
    }

    func testParser_missingParenthesisOrSemicolon() {
        assertRejected("CREATE TABLE t (\n  t_id text PRIMARY KEY\n;", line: 3, "expected ')'")
        assertRejected(
            "CREATE TABLE t (t_id text PRIMARY KEY)\nCREATE TABLE u (u_id text PRIMARY KEY);", line: 2, "';'")
        assertRejected("CREATE TABLE t (\n  t_id varchar PRIMARY KEY);", line: 2, "give its length")
    }

    func testParser_endOfFileInsideATable() {
        assertRejected("CREATE TABLE t (\n  t_id text PRIMARY KEY,\n", line: 2, "the file ends")
    }

    func testParser_lexicalErrors() {
        assertRejected("CREATE TABLE t (\n  t_id text CHECK (t_id IN ('a\n)));", line: 2, "not closed on its line")
        assertRejected("CREATE TABLE t (\n\n  t_id text @\n);", line: 3, "unexpected character '@'")
        assertRejected("CREATE TABLE \"T\" (t_id text PRIMARY KEY);", line: 1, "quoted identifiers")
        assertRejected("/* x */ CREATE TABLE t (t_id text PRIMARY KEY);", line: 1, "block comments")
    }

    func testParser_unsupportedConstraints() {
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY,\n  x text DEFAULT 'a'\n);", line: 3, "unexpected 'default'")
        assertRejected("CREATE TABLE t (\n  t_id text PRIMARY KEY,\n  UNIQUE (t_id)\n);", line: 3, "not supported")
        assertRejected("CREATE TABLE t (\n  t_id text CHECK (t_id > 'a')\n);", line: 2, "unexpected character '>'")
        assertRejected("CREATE INDEX i ON t (x);", line: 1, "CREATE TABLE")
    }

    func testParser_foreignKeyToATableNotDefinedAbove() {
        assertRejected(
            "CREATE TABLE child (\n  child_id text PRIMARY KEY,\n  parent_id text REFERENCES parent (parent_id)\n);\n"
                + parent, line: 3, "not defined above")
    }

    func testParser_foreignKeyMustReferenceThePrimaryKey() {
        assertRejected(
            parent + "CREATE TABLE child (\n  child_id text PRIMARY KEY,\n  label text REFERENCES parent (label)\n);",
            line: 4, "not the primary key of parent")
        assertRejected(
            parent + "CREATE TABLE child (\n  child_id text PRIMARY KEY,\n  x text REFERENCES parent (nope)\n);",
            line: 4, "has no column nope")
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY,\n  other text REFERENCES t (other)\n);", line: 3,
            "not the primary key of t")
        assertRejected(
            parent + "CREATE TABLE c (\n  c_id text PRIMARY KEY,\n  p text REFERENCES parent (parent_id, label)\n);",
            line: 4, "composite foreign keys")
    }

    func testParser_duplicatesAreRejected() {
        assertRejected("CREATE TABLE t (\n  t_id text PRIMARY KEY,\n  t_id text\n);", line: 3, "defined twice")
        assertRejected(parent + "\nCREATE TABLE parent (parent_id text PRIMARY KEY);", line: 3, "defined twice")
        assertRejected(
            "CREATE TABLE t (\n  a text PRIMARY KEY,\n  b text PRIMARY KEY\n);", line: 3, "already has a PRIMARY KEY")
        assertRejected("CREATE TABLE t (\n  a text NOT NULL NOT NULL PRIMARY KEY);", line: 2, "NOT NULL is given twice")
        assertRejected(
            "CREATE TABLE t (\n  a text PRIMARY KEY CHECK (a IN ('x', 'y',\n 'x')));", line: 3, "listed twice")
    }

    func testParser_tableWithoutPrimaryKey() {
        assertRejected("\nCREATE TABLE t (\n  a text\n);", line: 2, "has no PRIMARY KEY")
    }

    func testParser_inlineCheckMustBeAboutItsColumn() {
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY,\n  a text,\n  b text CHECK (a IN ('x'))\n);", line: 4,
            "must be about b")
    }

    func testParser_tableConstraintMustNameAColumnDefinedAbove() {
        assertRejected("CREATE TABLE t (\n  PRIMARY KEY (t_id),\n  t_id text\n);", line: 2, "not defined above")
    }

    func testParser_codeSetCommentsMustSitOnAColumn() {
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY\n  -- codeset: ADMISSION_METHOD\n);", line: 3,
            "not on a line of a column definition")
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY, a text, -- codeset: ADMISSION_METHOD\n  b text\n);", line: 2,
            "several columns")
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY -- codeset: lower_case\n);", line: 2, "not a code set annotation"
        )
        assertRejected(
            "CREATE TABLE t (\n  t_id text PRIMARY KEY, -- codeset: A\n  a text CHECK (a IN ( -- codeset: B\n"
                + "  'x')) -- codeset: C\n);", line: 4, "already has code set B")
    }
}
