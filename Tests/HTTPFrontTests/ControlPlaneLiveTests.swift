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

extension ControlPlaneLiveTests {
    /// The ledger as server-sent events over a socket: the backlog, then an event appended while the stream is open.
    func testLive_eventStream_sendsTheBacklogThenNewEvents() throws {
        let api = try APITestHarness()
        let server = try HTTPServer.start(port: 0, responder: api.api)
        defer { server.stop() }
        let head = try api.head()
        let reader = try ChunkReader(port: server.port)
        reader.client.send(
            "GET /api/events/stream?after=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(api.adminToken)\r\n\r\n")
        let responseHead = try reader.readHead()
        XCTAssertTrue(responseHead.hasPrefix("HTTP/1.1 200"), responseHead)
        XCTAssertTrue(responseHead.contains("Content-Type: text/event-stream"), responseHead)
        var text = ""
        func read(until id: Int) throws {
            while !text.contains("id: \(id)\n") { text += String(decoding: try reader.readChunk(), as: UTF8.self) }
        }
        try read(until: head)
        _ = try api.user("live-watcher", .viewer)
        try read(until: head + 1)
        let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }.compactMap { Int($0.dropFirst(4)) }
        XCTAssertEqual(ids, Array(1...(head + 1)))
        XCTAssertTrue(text.contains("event: user.registered\n"), text)
    }
}

/// Extension points the integrator uses: more `APIRoute`s, and raw router routes for non-JSON responses.
final class ControlPlaneExtensionTests: XCTestCase {
    func testExtraAPIRoute_isDispatchedAuthorizedAndDocumented() throws {
        let harness = try APITestHarness()
        let extra = APIRoute(
            .get, "/api/extra/kinds", id: "listExtraKinds", tag: "extra", summary: "kinds",
            permission: nil, response: .array(.string())
        ) { _, _ in APIRoute.Reply(["csv"]) }
        let api = ControlPlaneAPI(state: harness.state, routes: ControlPlaneAPI.builtInRoutes + [extra])
        let response = api.respond(
            to: HTTPRequest(method: .get, target: "/api/extra/kinds"), context: RequestContext())
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"["csv"]"#)
        let document = api.respond(to: HTTPRequest(method: .get, target: "/openapi.json"), context: RequestContext())
        XCTAssertNotNil(try JSONValue(parsing: document.body)["paths"]?["/api/extra/kinds"]?["get"])
    }

    func testRawRouterRoute_isReachedWhenNoAPIRouteMatches() throws {
        let harness = try APITestHarness()
        var api = harness.api
        api.router.add(.get, "/api/raw/stream") { request, _ in
            HTTPResponse(status: .ok, headers: ["Content-Type": "text/event-stream"], body: Array("data: 1\n\n".utf8))
        }
        let response = api.respond(
            to: HTTPRequest(method: .get, target: "/api/raw/stream"), context: RequestContext())
        XCTAssertEqual(response.headers["Content-Type"], "text/event-stream")
        XCTAssertEqual(
            api.respond(to: HTTPRequest(method: .get, target: "/api/nope"), context: RequestContext()).status, .notFound
        )
    }
}
