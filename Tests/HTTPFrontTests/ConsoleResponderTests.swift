import XCTest

@testable import HTTPFront

/// The console's static-file responder with no socket: content types, security headers, ETag revalidation, 404 for
/// unknown paths and no way out of the loaded file table.
final class ConsoleResponderTests: XCTestCase {
    /// A responder stands in for the API: it answers 404 for everything, as the API does for unknown paths.
    private struct NotFound: HTTPResponder {
        func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
            .error(.notFound, code: "not_found", message: "No resource at \(request.path).")
        }
    }

    private func makeConsole() throws -> ConsoleResponder {
        try ConsoleResponder(bundledIn: NotFound())
    }

    private func get(_ target: String, headers: HTTPHeaders = HTTPHeaders()) throws -> HTTPResponse {
        try makeConsole().respond(
            to: HTTPRequest(method: .get, target: target, headers: headers), context: RequestContext())
    }

    func testConsole_pagePathsAnswerTheHTMLShellWithStrictHeaders() throws {
        for path in ConsoleResponder.pagePaths.sorted() + ["/mappings/"] {
            let response = try get(path)
            XCTAssertEqual(response.status, .ok, path)
            XCTAssertEqual(response.headers["Content-Type"], "text/html; charset=utf-8", path)
            XCTAssertEqual(response.headers["X-Content-Type-Options"], "nosniff", path)
            XCTAssertEqual(response.headers["Cache-Control"], "no-cache", path)
            XCTAssertNotNil(response.headers["ETag"], path)
            let policy = try XCTUnwrap(response.headers["Content-Security-Policy"])
            XCTAssertTrue(policy.contains("script-src 'self'"), policy)
            XCTAssertTrue(policy.contains("style-src 'self'"), policy)
            XCTAssertFalse(policy.contains("unsafe-inline"), policy)
            XCTAssertFalse(policy.contains("unsafe-eval"), policy)
            XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("/console/app.js"), path)
        }
    }

    func testConsole_assetsHaveTheirContentTypes() throws {
        XCTAssertEqual(try get("/console/app.js").headers["Content-Type"], "text/javascript; charset=utf-8")
        XCTAssertEqual(try get("/console/pages/mappings.js").headers["Content-Type"], "text/javascript; charset=utf-8")
        XCTAssertEqual(try get("/console/console.css").headers["Content-Type"], "text/css; charset=utf-8")
        XCTAssertEqual(try get("/console/favicon.svg").headers["Content-Type"], "image/svg+xml")
        XCTAssertEqual(ConsoleResponder.contentType(of: "data.bin"), "application/octet-stream")
    }

    func testConsole_noInlineScriptOrStyleInTheShipedFiles() throws {
        for (name, bytes) in try ConsoleResponder.bundledFiles() where name.hasSuffix(".html") || name.hasSuffix(".js")
        {
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertFalse(text.contains("style=\""), "\(name) has an inline style attribute the CSP blocks")
            XCTAssertFalse(text.contains("innerHTML"), "\(name) builds HTML from strings")
            XCTAssertFalse(text.contains("eval("), "\(name) calls eval")
            if name.hasSuffix(".html") {
                XCTAssertFalse(text.contains("<script>"), "\(name) has an inline script")
                XCTAssertFalse(text.contains("onclick="), "\(name) has an inline handler")
            }
        }
    }

    func testConsole_unknownPathsAndTraversalAre404() throws {
        for target in [
            "/console/nope.js", "/../Package.swift", "/console/../Package.swift", "/console/%2e%2e/Package.swift",
            "/console/%2E%2E/%2E%2E/Package.swift", "/console/..%2fPackage.swift", "/console/", "/console",
            "/console//app.js", "/console/./app.js", "/schemas/x", "/Package.swift",
        ] {
            let response = try get(target)
            XCTAssertEqual(response.status, .notFound, target)
            XCTAssertEqual(response.headers["Content-Type"], "application/json", target)
        }
    }

    func testConsole_ifNoneMatchIs304AndOtherMethodsPassThrough() throws {
        let first = try get("/console/app.js")
        let etag = try XCTUnwrap(first.headers["ETag"])
        let again = try get("/console/app.js", headers: ["If-None-Match": etag])
        XCTAssertEqual(again.status.code, 304)
        XCTAssertTrue(again.body.isEmpty)
        XCTAssertEqual(try get("/console/app.js", headers: ["If-None-Match": "\"other\""]).status, .ok)
        let post = try makeConsole().respond(
            to: HTTPRequest(method: .post, target: "/schemas"), context: RequestContext())
        XCTAssertEqual(post.status, .notFound)
    }

    func testConsole_answersPathsForTheAccessLog() {
        XCTAssertTrue(ConsoleResponder.answers(path: "/"))
        XCTAssertTrue(ConsoleResponder.answers(path: "/ledger/"))
        XCTAssertTrue(ConsoleResponder.answers(path: "/console/app.js"))
        XCTAssertFalse(ConsoleResponder.answers(path: "/api/mappings"))
        XCTAssertFalse(ConsoleResponder.answers(path: "/health"))
    }

    func testConsole_everyPageScriptExists() throws {
        let files = try ConsoleResponder.bundledFiles()
        for page in [
            "dashboard", "schemas", "erd", "mappings", "lifecycle", "runs", "quality", "connectors", "users",
            "ledger",
        ] {
            XCTAssertNotNil(files["pages/\(page).js"], page)
        }
    }
}
