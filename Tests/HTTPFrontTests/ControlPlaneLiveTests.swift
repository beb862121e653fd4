import EventStore
import Foundation
import XCTest

@testable import HTTPFront

/// The API over a real socket on port 0: the same responder the router tests drive, behind `HTTPServer`.
final class ControlPlaneLiveTests: XCTestCase {
    func testLive_healthAuthAndAPIOverKeepAlive() throws {
        let api = try APITestHarness()
        let server = try HTTPServer.start(port: 0, responder: api.api)
        defer { server.stop() }
        let client = try TestHTTPClient(port: server.port)
        client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let health = try client.readResponse()
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.bodyText, #"{"status":"ok"}"#)

        client.send("GET /api/users/me HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 401)

        let body = #"{"label": "live"}"#
        client.send(
            "POST /api/snapshots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(api.adminToken)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let taken = try client.readResponse()
        XCTAssertEqual(taken.status, 201)
        XCTAssertEqual(try JSONValue(parsing: taken.body)["label"], "live")

        client.send("GET /api/snapshots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(api.adminToken)\r\n\r\n")
        let list = try client.readResponse()
        XCTAssertEqual(list.status, 200)
        XCTAssertEqual(try JSONValue(parsing: list.body)["total"], 1)
        XCTAssertEqual(list.headers["Content-Type"], "application/json")

        client.send("GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
        let document = try client.readResponse()
        XCTAssertEqual(try JSONValue(parsing: document.body)["openapi"], "3.1.0")
    }
}
