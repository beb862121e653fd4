import XCTest

@testable import HTTPFront

/// Response serialisation and the JSON bodies.
final class HTTPResponseTests: XCTestCase {
    private func wire(_ response: HTTPResponse, _ options: HTTPResponse.WireOptions = .init()) -> String {
        var output: [UInt8] = []
        response.serialize(into: &output, options: options)
        return String(decoding: output, as: UTF8.self)
    }

    func testSerialize_framingFieldsAreTheServersOwn() {
        var response = HTTPResponse(body: Array("abc".utf8))
        response.headers.add(name: "Content-Length", value: "999")
        response.headers.add(name: "Transfer-Encoding", value: "chunked")
        response.headers.add(name: "Connection", value: "upgrade")
        response.headers.add(name: "X-Ok", value: "yes")
        XCTAssertEqual(
            wire(response, .init(close: true)),
            "HTTP/1.1 200 OK\r\nX-Ok: yes\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
    }

    func testSerialize_fieldsThatWouldSplitTheResponseAreDropped() {
        let response = HTTPResponse(headers: ["X-Evil": "a\r\nSet-Cookie: x=1", "Bad Name": "v", "X-Good": "v"])
        XCTAssertEqual(wire(response), "HTTP/1.1 200 OK\r\nX-Good: v\r\nContent-Length: 0\r\n\r\n")
    }

    func testSerialize_noContentAndHead() {
        XCTAssertEqual(wire(HTTPResponse(status: .noContent, body: [1])), "HTTP/1.1 204 No Content\r\n\r\n")
        XCTAssertEqual(
            wire(HTTPResponse(body: Array("abc".utf8)), .init(headOnly: true)),
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n")
        XCTAssertEqual(wire(HTTPResponse(status: HTTPStatus(code: 299))), "HTTP/1.1 299 \r\nContent-Length: 0\r\n\r\n")
    }

    func testSerialize_largeContentLength() {
        let response = HTTPResponse(body: [UInt8](repeating: 65, count: 1_234_567))
        XCTAssertTrue(wire(response).hasPrefix("HTTP/1.1 200 OK\r\nContent-Length: 1234567\r\n\r\nAAA"))
    }

    func testError_bodyIsEscapedJSON() throws {
        let response = HTTPResponse.error(
            .badRequest, code: "bad", message: "quote \" slash \\ newline \n tab \t \u{1}")
        XCTAssertEqual(response.headers["content-type"], "application/json")
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: [String: String]]
        XCTAssertEqual(object?["error"]?["code"], "bad")
        XCTAssertEqual(object?["error"]?["message"], "quote \" slash \\ newline \n tab \t \u{1}")
    }

    func testJSON_encodesWithSortedKeys() {
        struct Health: Encodable {
            var status = "ok"
            var checks = ["b", "a"]
        }
        let response = HTTPResponse.json(encoding: Health(), status: .accepted)
        XCTAssertEqual(response.status, .accepted)
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"{"checks":["b","a"],"status":"ok"}"#)
    }

    func testAccessLogEntry_jsonLine() {
        let entry = HTTPAccessLogEntry(
            method: "GET", path: "/a\"b", status: 200, bytes: 15, milliseconds: 1.23456, remoteAddress: "127.0.0.1:5")
        XCTAssertEqual(
            entry.jsonLine,
            #"{"method":"GET","path":"/a\"b","status":200,"bytes":15,"ms":1.234,"remote":"127.0.0.1:5"}"#)
    }
}
