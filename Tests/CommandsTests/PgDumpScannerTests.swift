import XCTest

@testable import Commands

/// The dump scanner over lines, and over a real server's `pg_dump` output.
final class PgDumpScannerTests: XCTestCase {
    static func scan(_ text: String) throws -> PgDumpCatalog {
        var scanner = PgDumpScanner()
        var offset = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(line.utf8)
            offset += bytes.count + 1
            try bytes.withUnsafeBufferPointer { try scanner.consume($0, number: index + 1, nextOffset: offset) }
        }
        XCTAssertNil(scanner.openCopyLine)
        return scanner.catalog
    }

    func testScan_tablesKeysAndCopyBlocks() throws {
        let catalog = try Self.scan(
            """
            SET client_encoding = 'UTF8';
            CREATE TABLE public."Order" (
                id integer NOT NULL,
                "User" text,
                amount numeric(10,2) DEFAULT 0,
                CONSTRAINT order_ck CHECK ((amount >= 0))
            );
            CREATE TABLE other.t (
                k text PRIMARY KEY
            );
            COPY public."Order" (id, "User", amount) FROM stdin;
            1\tann\t1.50
            2\t\\N\t2
            \\.
            ALTER TABLE ONLY public."Order"
                ADD CONSTRAINT order_pkey PRIMARY KEY (id, "User");
            """)
        XCTAssertEqual(catalog.tables.map(\.name), ["Order", "t"])
        let order = try XCTUnwrap(catalog.table("order", schema: "public"))
        XCTAssertEqual(order.columns.map(\.name), ["id", "User", "amount"])
        XCTAssertEqual(order.columns.map(\.type), ["integer", "text", "numeric(10,2)"])
        XCTAssertEqual(order.primaryKey, ["id", "User"])
        XCTAssertEqual(order.copyColumns, ["id", "User", "amount"])
        XCTAssertEqual(order.rows, 2)
        XCTAssertEqual(order.copyLine, 12)
        XCTAssertEqual(catalog.table("t", schema: "other")?.primaryKey, ["k"])
        XCTAssertNil(catalog.table("t", schema: "public"))
    }

    func testScan_reportsAnOpenCopyBlock() throws {
        var scanner = PgDumpScanner()
        for (index, line) in ["COPY public.t (a) FROM stdin;", "1"].enumerated() {
            let bytes = Array(line.utf8)
            try bytes.withUnsafeBufferPointer { try scanner.consume($0, number: index + 1, nextOffset: 0) }
        }
        XCTAssertEqual(scanner.openCopyLine, 1)
    }

    func testScan_realPgDumpOutput() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/pgdump/pas_dump_pg15", withExtension: "sql"))
        let catalog = try Self.scan(try String(contentsOf: url, encoding: .utf8))
        XCTAssertEqual(catalog.tables.map(\.name), ["patient_alert", "patient_master", "ward"])
        let patients = try XCTUnwrap(catalog.table("PATIENT_MASTER", schema: "public"))
        XCTAssertEqual(patients.primaryKey, ["internal_no"])
        XCTAssertEqual(patients.rows, 4)
        XCTAssertEqual(patients.columns.first { $0.name == "last_updated" }?.type, "timestamp without time zone")
        XCTAssertEqual(catalog.table("ward", schema: "public")?.rows, 13)
    }
}
