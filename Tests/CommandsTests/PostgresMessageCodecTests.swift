import XCTest

@testable import Commands

/// Protocol 3.0 message encoding and decoding, byte for byte, with no server.
final class PostgresMessageCodecTests: XCTestCase {
    func testStartup_layout() {
        let bytes = PostgresFrontendMessage.startup(parameters: [("user", "u"), ("database", "d")]).encoded()
        // length 4 + version 4 + "user\0u\0database\0d\0" (18) + final NUL = 27
        XCTAssertEqual(Array(bytes.prefix(8)), [0, 0, 0, 27, 0, 3, 0, 0])
        XCTAssertEqual(Array(bytes.dropFirst(8)), Array("user\0u\0database\0d\0\0".utf8))
    }

    func testCancelRequest_layout() {
        let bytes = PostgresFrontendMessage.cancelRequest(processID: 0x0102_0304, secretKey: -1).encoded()
        XCTAssertEqual(bytes, [0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff])
    }

    func testQueryAndTerminate_layout() {
        XCTAssertEqual(
            PostgresFrontendMessage.query("SELECT 1").encoded(), [0x51, 0, 0, 0, 13] + Array("SELECT 1\0".utf8))
        XCTAssertEqual(PostgresFrontendMessage.terminate.encoded(), [0x58, 0, 0, 0, 4])
        XCTAssertEqual(PostgresFrontendMessage.sync.encoded(), [0x53, 0, 0, 0, 4])
    }

    func testSASLInitialResponse_layout() {
        let bytes = PostgresFrontendMessage.saslInitialResponse(
            mechanism: "SCRAM-SHA-256", data: Array("n,,n=,r=x".utf8)
        )
        .encoded()
        let body = Array("SCRAM-SHA-256\0".utf8) + [0, 0, 0, 9] + Array("n,,n=,r=x".utf8)
        XCTAssertEqual(bytes, [0x70, 0, 0, 0, UInt8(4 + body.count)] + body)
    }

    func testExtendedQuery_layout() {
        XCTAssertEqual(
            PostgresFrontendMessage.parse(statement: "", query: "SELECT $1").encoded(),
            [0x50, 0, 0, 0, 17, 0] + Array("SELECT $1\0".utf8) + [0, 0])
        // Bind: portal "", statement "", 0 parameter formats, 2 parameters ("ab", NULL), 0 result formats.
        XCTAssertEqual(
            PostgresFrontendMessage.bind(portal: "", statement: "", parameters: ["ab", nil]).encoded(),
            [0x42, 0, 0, 0, 22, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0x61, 0x62, 0xff, 0xff, 0xff, 0xff, 0, 0])
        XCTAssertEqual(PostgresFrontendMessage.describePortal("").encoded(), [0x44, 0, 0, 0, 6, 0x50, 0])
        XCTAssertEqual(
            PostgresFrontendMessage.execute(portal: "", maxRows: 0).encoded(), [0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0])
    }

    func testDecoder_authenticationVariants() throws {
        var decoder = PostgresMessageDecoder()
        decoder.append(Self.message("R", [0, 0, 0, 10] + Array("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0".utf8)))
        decoder.append(Self.message("R", [0, 0, 0, 11] + Array("r=abc".utf8)))
        decoder.append(Self.message("R", [0, 0, 0, 12] + Array("v=xyz".utf8)))
        decoder.append(Self.message("R", [0, 0, 0, 5, 1, 2, 3, 4]))
        decoder.append(Self.message("R", [0, 0, 0, 7]))
        decoder.append(Self.message("R", [0, 0, 0, 0]))
        XCTAssertEqual(try decoder.next(), .authentication(.sasl(mechanisms: ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"])))
        XCTAssertEqual(try decoder.next(), .authentication(.saslContinue(data: Array("r=abc".utf8))))
        XCTAssertEqual(try decoder.next(), .authentication(.saslFinal(data: Array("v=xyz".utf8))))
        XCTAssertEqual(try decoder.next(), .authentication(.md5Password(salt: [1, 2, 3, 4])))
        XCTAssertEqual(try decoder.next(), .authentication(.unsupported(code: 7)))
        XCTAssertEqual(try decoder.next(), .authentication(.ok))
        XCTAssertNil(try decoder.next())
    }

    func testDecoder_rowsAcrossArbitrarySplits() throws {
        var stream: [UInt8] = []
        stream += Self.message("S", Array("server_version\015.8\0".utf8))
        stream += Self.message("K", [0, 0, 0, 42, 0xff, 0xff, 0xff, 0xfe])
        stream += Self.message(
            "T",
            [0, 2] + Array("id\0".utf8) + [0, 0, 0x40, 0, 0, 1, 0, 0, 0, 23, 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 0]
                + Array("name\0".utf8) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 25, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0])
        stream += Self.message("D", [0, 2, 0, 0, 0, 1, 0x37, 0xff, 0xff, 0xff, 0xff])
        stream += Self.message("D", [0, 2, 0, 0, 0, 1, 0x38, 0, 0, 0, 0])
        stream += Self.message("C", Array("SELECT 2\0".utf8))
        stream += Self.message("Z", [0x54])
        let expected: [PostgresBackendMessage] = [
            .parameterStatus(name: "server_version", value: "15.8"),
            .backendKeyData(processID: 42, secretKey: -2),
            .rowDescription([
                PostgresColumn(name: "id", tableOID: 16384, attributeNumber: 1, typeOID: 23, isText: true),
                PostgresColumn(name: "name", tableOID: 0, attributeNumber: 0, typeOID: 25, isText: true),
            ]),
            .dataRow([[0x37], nil]),
            .dataRow([[0x38], []]),
            .commandComplete(tag: "SELECT 2"),
            .readyForQuery(transactionStatus: UInt8(ascii: "T")),
        ]
        for chunkSize in [1, 2, 3, 7, 64, stream.count] {
            var decoder = PostgresMessageDecoder()
            var decoded: [PostgresBackendMessage] = []
            var offset = 0
            while offset < stream.count {
                decoder.append(Array(stream[offset..<min(offset + chunkSize, stream.count)]))
                offset += chunkSize
                while let message = try decoder.next() { decoded.append(message) }
            }
            XCTAssertEqual(decoded, expected, "chunk size \(chunkSize)")
            XCTAssertEqual(decoder.bufferedCount, 0)
        }
    }

    func testDecoder_errorResponseFields() throws {
        var decoder = PostgresMessageDecoder()
        let fields = "SERROR\0VERROR\0C25006\0Mcannot execute DELETE in a read-only transaction\0Hno writes\0\0"
        decoder.append(Self.message("E", Array(fields.utf8)))
        guard case .errorResponse(let notice) = try decoder.next() else { return XCTFail("not an ErrorResponse") }
        XCTAssertEqual(notice.severity, "ERROR")
        XCTAssertEqual(notice.sqlState, "25006")
        XCTAssertEqual(notice.message, "cannot execute DELETE in a read-only transaction")
        XCTAssertEqual(notice.hint, "no writes")
        XCTAssertNil(notice.detail)
        XCTAssertEqual(
            notice.description, "ERROR 25006: cannot execute DELETE in a read-only transaction (hint: no writes)")
    }

    func testDecoder_malformedMessagesAreRefused() {
        let cases: [([UInt8], String)] = [
            (Self.message("D", [0, 1, 0, 0, 0, 9, 1]), "truncated"),  // value longer than the body
            (Self.message("D", [0, 1, 0xff, 0xff, 0xff, 0xf0]), "negative value length"),
            (Self.message("S", Array("no-terminator".utf8)), "no terminating NUL"),
            (Self.message("Z", [0x49, 0x49]), "trailing"),
            (Self.message("K", [0, 0, 0, 1]), "truncated"),
            (Array("E".utf8) + [0, 0, 0, 2], "impossible length 2"),
            (Array("D".utf8) + [0x7f, 0, 0, 0], "impossible length"),  // 2 GB: above the limit
        ]
        for (bytes, expected) in cases {
            var decoder = PostgresMessageDecoder()
            decoder.append(bytes)
            XCTAssertThrowsError(try decoder.next()) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(bytes): \(error)")
            }
        }
    }

    func testDecoder_unknownTypeIsKeptAsOther() throws {
        var decoder = PostgresMessageDecoder()
        decoder.append(Self.message("G", [0, 0, 0]))
        XCTAssertEqual(try decoder.next(), .other(type: UInt8(ascii: "G"), body: [0, 0, 0]))
    }

    func testDecoder_incompleteMessageWaits() throws {
        var decoder = PostgresMessageDecoder()
        decoder.append(Array(Self.message("C", Array("SELECT 1\0".utf8)).dropLast()))
        XCTAssertNil(try decoder.next())
        decoder.append([0])
        XCTAssertEqual(try decoder.next(), .commandComplete(tag: "SELECT 1"))
    }

    /// Type byte, Int32 length (counting itself) and body.
    private static func message(_ type: Character, _ body: [UInt8]) -> [UInt8] {
        let length = UInt32(body.count + 4)
        return [
            type.asciiValue!, UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff),
            UInt8(length & 0xff),
        ] + body
    }
}
