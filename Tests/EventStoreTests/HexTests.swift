import EventStore
import XCTest

/// The package-level `hexBytes` helper used by the fixture loaders.
final class HexTests: XCTestCase {
    func testHexBytes_decodesBothCases() {
        XCTAssertEqual(hexBytes(""), [])
        XCTAssertEqual(hexBytes("00ff7F80aB"), [0x00, 0xFF, 0x7F, 0x80, 0xAB])
        XCTAssertEqual(
            hexBytes("0123456789abcdefABCDEF"[...]),
            [
                0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xAB, 0xCD, 0xEF,
            ])
    }

    func testHexBytes_rejectsOddLengthAndNonHex() {
        XCTAssertNil(hexBytes("0"))
        XCTAssertNil(hexBytes("abc"))
        XCTAssertNil(hexBytes("0g"))
        XCTAssertNil(hexBytes("0x00"))
        XCTAssertNil(hexBytes(" 00"))
        XCTAssertNil(hexBytes("00\n"))
        XCTAssertNil(hexBytes("é0"))
    }
}
