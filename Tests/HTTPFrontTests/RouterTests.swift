import XCTest

@testable import HTTPFront

/// The router with no socket: matching, parameters, 404 / 405 and query decoding.
final class RouterTests: XCTestCase {
    private func makeRouter() -> Router {
        var router = Router()
        router.add(.get, "/health") { _, _ in .json(Array(#"{"status":"ok"}"#.utf8)) }
        router.add(.get, "/api/runs/:id") { _, context in
            HTTPResponse(body: Array("run \(context.parameters["id"] ?? "")".utf8))
        }
        router.add(.get, "/api/runs/latest") { _, _ in HTTPResponse(body: Array("latest".utf8)) }
        router.add(.post, "/api/runs/:id") { _, _ in HTTPResponse(status: .accepted) }
        router.add(.get, "/api/quality/issues") { request, _ in
            HTTPResponse(body: Array("kind=\(request.query["kind"] ?? "-")".utf8))
        }
        return router
    }

    private func respond(_ method: HTTPMethod, _ target: String) -> HTTPResponse {
        makeRouter().respond(to: HTTPRequest(method: method, target: target), context: RequestContext())
    }

    func testRouter_matchesLiteralAndParameterRoutes() {
        XCTAssertEqual(String(decoding: respond(.get, "/health").body, as: UTF8.self), #"{"status":"ok"}"#)
        XCTAssertEqual(String(decoding: respond(.get, "/api/runs/r-1").body, as: UTF8.self), "run r-1")
        XCTAssertEqual(String(decoding: respond(.get, "/api/runs/latest").body, as: UTF8.self), "latest")
        XCTAssertEqual(respond(.post, "/api/runs/r-1").status, .accepted)
    }

    func testRouter_parametersArePercentDecodedAfterSplitting() {
        XCTAssertEqual(String(decoding: respond(.get, "/api/runs/a%2Fb%20c").body, as: UTF8.self), "run a/b c")
        XCTAssertEqual(respond(.get, "/api/runs/%zz").status, .badRequest)
    }

    func testRouter_unknownPathIs404WithJSONError() {
        let response = respond(.get, "/nope?token=secret")
        XCTAssertEqual(response.status, .notFound)
        let body = String(decoding: response.body, as: UTF8.self)
        XCTAssertTrue(body.hasPrefix(#"{"error":{"code":"not_found""#))
        XCTAssertFalse(body.contains("secret"), "the query never echoes back")
    }

    func testRouter_wrongMethodIs405WithAllow() {
        let response = respond(.delete, "/api/runs/r-1")
        XCTAssertEqual(response.status, .methodNotAllowed)
        XCTAssertEqual(response.headers["Allow"], "GET, HEAD, POST")
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains(#""code":"method_not_allowed""#))
    }

    func testRouter_headUsesTheGetRoute() {
        XCTAssertEqual(respond(.head, "/health").status, .ok)
    }

    func testRouter_queryParameters() {
        XCTAssertEqual(
            String(decoding: respond(.get, "/api/quality/issues?kind=contract").body, as: UTF8.self), "kind=contract")
        let query = QueryParameters(parsing: "a=1&b=x+y%21&c&a=2&d=%E2%9C%93&bad=%G1&=v")
        XCTAssertEqual(query["a"], "1")
        XCTAssertEqual(query.values(of: "a"), ["1", "2"])
        XCTAssertEqual(query["b"], "x y!")
        XCTAssertEqual(query["c"], "")
        XCTAssertEqual(query["d"], "\u{2713}")
        XCTAssertEqual(query["bad"], "%G1")
        XCTAssertEqual(query[""], "v")
        XCTAssertNil(query["missing"])
    }

    func testPercentDecoding_rejectsMalformedAndNonUTF8() {
        XCTAssertEqual(PercentDecoding.decode("a%20b+c", plusAsSpace: false), "a b+c")
        XCTAssertNil(PercentDecoding.decode("%", plusAsSpace: false))
        XCTAssertNil(PercentDecoding.decode("%4", plusAsSpace: false))
        XCTAssertNil(PercentDecoding.decode("%FF", plusAsSpace: false))
    }

    func testRoutePattern_description() {
        XCTAssertEqual(RoutePattern("/api/runs/:id/").description, "/api/runs/:id")
    }
}
