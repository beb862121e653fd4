import XCTest

@testable import HTTPFront

/// CORS through the router with no socket.
final class CORSResponderTests: XCTestCase {
    private let console = "http://127.0.0.1:3133"

    private func makeResponder(_ origins: [String]) -> CORSResponder<Router> {
        var router = Router()
        router.add(.get, "/api/mappings") { _, _ in .json(Array("[]".utf8)) }
        router.add(.post, "/api/mappings") { _, _ in .json(Array("{}".utf8), status: .created) }
        return CORSResponder(router, policy: CORSPolicy(allowedOrigins: origins))
    }

    private func send(
        _ responder: CORSResponder<Router>, _ method: HTTPMethod, origin: String?, preflight: Bool = false
    ) -> HTTPResponse {
        var headers = HTTPHeaders()
        if let origin { headers.add(name: "Origin", value: origin) }
        if preflight {
            headers.add(name: "Access-Control-Request-Method", value: "POST")
            headers.add(name: "Access-Control-Request-Headers", value: "authorization, content-type")
        }
        return responder.respond(
            to: HTTPRequest(method: method, target: "/api/mappings", headers: headers), context: RequestContext())
    }

    private func corsFields(_ response: HTTPResponse) -> [String] {
        response.headers.map(\.name).filter { $0.lowercased().hasPrefix("access-control-") }
    }

    func testCORS_emptyAllowListAddsNothingAtAll() {
        let responder = makeResponder([])
        let plain = send(responder, .get, origin: console)
        XCTAssertEqual(plain.status, .ok)
        XCTAssertEqual(
            plain.headers.map(\.name), ["Content-Type", "X-Content-Type-Options"],
            "only the JSON answer's own fields, no Access-Control-*: \(plain.headers)")
        let preflight = send(responder, .options, origin: console, preflight: true)
        XCTAssertEqual(preflight.status, .methodNotAllowed, "no CORS: OPTIONS reaches the router")
        XCTAssertEqual(corsFields(preflight), [])
        XCTAssertNil(preflight.headers["Vary"])
    }

    func testCORS_preflightFromAnAllowedOriginIsAnswered204() {
        let response = send(makeResponder([console]), .options, origin: console, preflight: true)
        XCTAssertEqual(response.status, .noContent)
        XCTAssertEqual(response.headers["Access-Control-Allow-Origin"], console)
        let methods = response.headers["Access-Control-Allow-Methods"] ?? ""
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] { XCTAssertTrue(methods.contains(method), methods) }
        let allowed = (response.headers["Access-Control-Allow-Headers"] ?? "").lowercased()
        XCTAssertTrue(allowed.contains("authorization") && allowed.contains("content-type"), allowed)
        XCTAssertEqual(response.headers["Access-Control-Max-Age"], "600")
        XCTAssertTrue((response.headers["Vary"] ?? "").contains("Origin"))
        XCTAssertNil(response.headers["Access-Control-Allow-Credentials"])
        XCTAssertTrue(response.body.isEmpty)
    }

    func testCORS_actualRequestFromAnAllowedOriginEchoesOnlyThatOrigin() {
        let responder = makeResponder(["http://localhost:3133", console])
        let response = send(responder, .post, origin: console)
        XCTAssertEqual(response.status, .created)
        XCTAssertEqual(response.headers.values(of: "Access-Control-Allow-Origin"), [console])
        XCTAssertEqual(response.headers["Vary"], "Origin")
        XCTAssertEqual(response.headers["Access-Control-Expose-Headers"], "Location")
    }

    func testCORS_disallowedOrMissingOriginGetsNoCORSFields() {
        let responder = makeResponder([console])
        for origin in ["http://evil.example", "http://127.0.0.1:31330", "HTTP://127.0.0.1:3133", console + "/", "null"]
        {
            let plain = send(responder, .get, origin: origin)
            XCTAssertEqual(plain.status, .ok)
            XCTAssertEqual(corsFields(plain), [], origin)
            XCTAssertEqual(plain.headers["Vary"], "Origin", "the answer still depends on Origin")
            let preflight = send(responder, .options, origin: origin, preflight: true)
            XCTAssertNotEqual(preflight.status, .noContent, origin)
            XCTAssertEqual(corsFields(preflight), [], origin)
        }
        XCTAssertEqual(corsFields(send(responder, .get, origin: nil)), [])
        // OPTIONS without Access-Control-Request-Method is not a preflight: the router answers it.
        XCTAssertEqual(send(responder, .options, origin: console).status, .methodNotAllowed)
    }

    func testCORSPolicy_parsesACommaSeparatedList() {
        XCTAssertEqual(
            CORSPolicy(allowedOriginList: " http://a:1 ,, http://b ").allowedOrigins, ["http://a:1", "http://b"])
        XCTAssertFalse(CORSPolicy(allowedOriginList: " , ").isEnabled)
        XCTAssertFalse(CORSPolicy().isEnabled)
    }

    func testCORS_wrapsAStreamedResponseToo() {
        var router = Router()
        router.add(.get, "/api/events/stream") { _, _ in .serverSentEvents(HTTPResponseStream()) }
        let responder = CORSResponder(router, policy: CORSPolicy(allowedOrigins: [console]))
        let request = HTTPRequest(method: .get, target: "/api/events/stream", headers: ["Origin": console])
        let response = responder.respond(to: request, context: RequestContext())
        XCTAssertNotNil(response.stream)
        XCTAssertEqual(response.headers["Access-Control-Allow-Origin"], console)
    }
}
