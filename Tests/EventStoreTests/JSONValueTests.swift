import EventStore
import XCTest

final class JSONValueTests: XCTestCase {
    func testLiterals_buildTheMatchingCases() {
        let value: JSONValue = ["n": nil, "b": true, "i": 3, "f": 2.5, "s": "x", "a": [1, "two"]]
        XCTAssertEqual(
            value,
            .object([
                "n": .null, "b": .bool(true), "i": .number(3), "f": .number(2.5), "s": .string("x"),
                "a": .array([.number(1), .string("two")]),
            ]))
    }

    func testDictionaryLiteral_repeatedKeyKeepsLastInsteadOfTrapping() {
        let value: JSONValue = ["k": 1, "k": 2]
        XCTAssertEqual(value["k"], 2)
    }

    func testSubscripts_returnNilForWrongKindOrMissing() {
        let value: JSONValue = ["list": [10, 20], "name": "x"]
        XCTAssertEqual(value["list"]?[1], 20)
        XCTAssertNil(value["list"]?[2])
        XCTAssertNil(value["list"]?[-1])
        XCTAssertNil(value["missing"])
        XCTAssertNil(value[0])
        XCTAssertNil(value["name"]?["x"])
    }

    func testTypedAccessors() {
        XCTAssertEqual(JSONValue.string("s").stringValue, "s")
        XCTAssertNil(JSONValue.number(1).stringValue)
        XCTAssertEqual(JSONValue.bool(false).boolValue, false)
        XCTAssertNil(JSONValue.null.boolValue)
        XCTAssertEqual(JSONValue.number(1.5).doubleValue, 1.5)
        XCTAssertEqual(JSONValue.array([.null]).arrayValue, [.null])
        XCTAssertEqual(JSONValue.object(["a": .null]).objectValue, ["a": .null])
        XCTAssertNil(JSONValue.array([]).objectValue)
    }

    func testIntValue_onlyForExactIntegersWithinSafeRange() {
        XCTAssertEqual(JSONValue.int(42).intValue, 42)
        XCTAssertEqual(JSONValue.number(-0.0).intValue, 0)
        XCTAssertEqual(JSONValue.number(9_007_199_254_740_991).intValue, 9_007_199_254_740_991)
        XCTAssertEqual(JSONValue.number(-9_007_199_254_740_991).intValue, -9_007_199_254_740_991)
        XCTAssertNil(JSONValue.number(9_007_199_254_740_992).intValue)
        XCTAssertNil(JSONValue.number(1.5).intValue)
        XCTAssertNil(JSONValue.number(.nan).intValue)
        XCTAssertNil(JSONValue.number(.infinity).intValue)
        XCTAssertNil(JSONValue.number(1e300).intValue)
        XCTAssertNil(JSONValue.string("1").intValue)
    }
}
