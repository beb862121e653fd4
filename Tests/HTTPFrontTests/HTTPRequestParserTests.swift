import XCTest

@testable import HTTPFront

/// The parser without sockets: every rule and limit, fed whole and one byte at a time.
final class HTTPRequestParserTests: XCTestCase {
    /// Parses every complete request in `text`, feeding it whole or byte by byte.
    private func parse(
        _ text: String, limits: HTTPRequestLimits = HTTPRequestLimits(), byteByByte: Bool = false
    ) throws(HTTPParseError) -> [HTTPRequest] {
        var parser = HTTPRequestParser(limits: limits)
        var requests: [HTTPRequest] = []
        if byteByByte {
            for byte in text.utf8 {
                parser.append(contentsOf: [byte])
                while let request = try parser.next() { requests.append(request) }
            }
        } else {
            parser.append(contentsOf: text.utf8)
            while let request = try parser.next() { requests.append(request) }
        }
        return requests
    }

    /// The error both feeding styles stop with (asserting they agree), or nil.
    private func error(
        _ text: String, limits: HTTPRequestLimits = HTTPRequestLimits(), file: StaticString = #filePath,
        line: UInt = #line
    ) -> HTTPParseError? {
        var results: [HTTPParseError?] = []
        for byteByByte in [false, true] {
            do {
                _ = try parse(text, limits: limits, byteByByte: byteByByte)
                results.append(nil)
            } catch {
                results.append(error)
            }
        }
        XCTAssertEqual(results[0], results[1], "whole and byte-by-byte feeding disagree", file: file, line: line)
        return results[0]
    }

    func testParse_simpleGet() throws {
        let requests = try parse("GET /health?x=1 HTTP/1.1\r\nHost: localhost\r\nACCEPT: */*\r\n\r\n")
        XCTAssertEqual(requests.count, 1)
        let request = try XCTUnwrap(requests.first)
        XCTAssertEqual(request.method, .get)
        XCTAssertEqual(request.target, "/health?x=1")
        XCTAssertEqual(request.path, "/health")
        XCTAssertEqual(request.rawQuery, "x=1")
        XCTAssertEqual(request.version, .http1_1)
        XCTAssertEqual(request.headers["accept"], "*/*")
        XCTAssertEqual(request.headers["HOST"], "localhost")
        XCTAssertTrue(request.body.isEmpty)
        XCTAssertTrue(request.wantsKeepAlive)
    }

    func testParse_byteByByteGivesTheSameRequests() throws {
        let text = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
        let whole = try parse(text)
        let dribbled = try parse(text, byteByByte: true)
        XCTAssertEqual(whole.map(\.target), ["/a", "/b"])
        XCTAssertEqual(dribbled.map(\.target), ["/a", "/b"])
        XCTAssertEqual(dribbled.map(\.body), [Array("hello".utf8), []])
    }

    func testParse_contentLengthBodySplitAcrossReads() throws {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123".utf8)
        XCTAssertNil(try parser.next())
        XCTAssertTrue(parser.isAwaitingBody)
        parser.append(contentsOf: "456789".utf8)
        let request = try XCTUnwrap(try parser.next())
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), "0123456789")
        XCTAssertFalse(parser.hasPartialRequest)
    }

    func testParse_pipelinedRequestsComeOutInOrder() throws {
        let one = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
        let two = "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
        let three = "DELETE /3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
        let requests = try parse(one + two + three)
        XCTAssertEqual(requests.map(\.target), ["/1", "/2", "/3"])
        XCTAssertEqual(requests.map(\.method), [.get, .post, .delete])
        XCTAssertFalse(requests[2].wantsKeepAlive)
    }

    func testParse_manyPipelinedBodiesCompactTheBuffer() throws {
        let body = String(repeating: "x", count: 3000)
        let one = "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3000\r\n\r\n" + body
        let requests = try parse(String(repeating: one, count: 20))
        XCTAssertEqual(requests.count, 20)
        XCTAssertTrue(requests.allSatisfy { $0.body.count == 3000 })
    }

    func testParse_http10WithoutHostAndKeepAlive() throws {
        let plain = try XCTUnwrap(try parse("GET / HTTP/1.0\r\n\r\n").first)
        XCTAssertEqual(plain.version, .http1_0)
        XCTAssertFalse(plain.wantsKeepAlive)
        let keepAlive = try XCTUnwrap(try parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").first)
        XCTAssertTrue(keepAlive.wantsKeepAlive)
    }

    func testParse_leadingEmptyLinesAndBareLineFeedsAreTolerated() throws {
        let requests = try parse("\r\n\r\nGET /a HTTP/1.1\nHost: h\n\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(requests.map(\.target), ["/a", "/b"])
        XCTAssertEqual(
            error(String(repeating: "\r\n", count: 5) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n"), .malformedRequestLine)
    }

    func testParse_absoluteFormAndAsteriskTargets() throws {
        let absolute = try XCTUnwrap(try parse("GET http://example.com:80/a/b?c=d HTTP/1.1\r\nHost: h\r\n\r\n").first)
        XCTAssertEqual(absolute.target, "/a/b?c=d")
        let bare = try XCTUnwrap(try parse("GET HTTP://example.com HTTP/1.1\r\nHost: h\r\n\r\n").first)
        XCTAssertEqual(bare.target, "/")
        let asterisk = try XCTUnwrap(try parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").first)
        XCTAssertEqual(asterisk.target, "*")
        XCTAssertEqual(error("GET * HTTP/1.1\r\nHost: h\r\n\r\n"), .invalidTarget)
        XCTAssertEqual(error("GET example HTTP/1.1\r\nHost: h\r\n\r\n"), .invalidTarget)
        XCTAssertEqual(error("GET /caf\u{e9} HTTP/1.1\r\nHost: h\r\n\r\n"), .invalidTarget)
        XCTAssertEqual(error("GET /a#frag HTTP/1.1\r\nHost: h\r\n\r\n"), .invalidTarget)
    }

    func testParse_requestLineLimitIs414EvenBeforeTheLineEnds() {
        let limits = HTTPRequestLimits(maxRequestLineBytes: 8192)
        let exact = "GET /" + String(repeating: "a", count: 8192 - 14) + " HTTP/1.1"
        XCTAssertEqual(exact.utf8.count, 8192)
        XCTAssertNil(error(exact + "\r\nHost: h\r\n\r\n", limits: limits))
        let long = "GET /" + String(repeating: "a", count: 8192 - 13) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        XCTAssertEqual(error(long, limits: limits), .requestLineTooLong(limit: 8192))
        // No line feed ever arrives: refused as soon as the limit is passed, not buffered forever.
        var parser = HTTPRequestParser(limits: limits)
        parser.append(contentsOf: ("GET /" + String(repeating: "a", count: 9000)).utf8)
        XCTAssertThrowsError(try parser.next()) {
            XCTAssertEqual($0 as? HTTPParseError, .requestLineTooLong(limit: 8192))
        }
    }

    func testParse_headerSectionLimitIs431() {
        let big = "X-Big: " + String(repeating: "v", count: 32768) + "\r\n"
        XCTAssertEqual(error("GET / HTTP/1.1\r\nHost: h\r\n" + big + "\r\n"), .headerSectionTooLarge(limit: 32768))
        var parser = HTTPRequestParser()
        parser.append(contentsOf: ("GET / HTTP/1.1\r\nX-A: " + String(repeating: "v", count: 40000)).utf8)
        XCTAssertThrowsError(try parser.next()) {
            XCTAssertEqual($0 as? HTTPParseError, .headerSectionTooLarge(limit: 32768))
        }
        let fits = "X-Fits: " + String(repeating: "v", count: 30000) + "\r\n"
        XCTAssertNil(error("GET / HTTP/1.1\r\nHost: h\r\n" + fits + "\r\n"))
    }

    func testParse_headerCountLimitIs431() {
        let ninetyNine = (1...99).map { "X-\($0): v\r\n" }.joined()
        XCTAssertNil(error("GET / HTTP/1.1\r\nHost: h\r\n" + ninetyNine + "\r\n"))
        let hundred = (1...100).map { "X-\($0): v\r\n" }.joined()
        XCTAssertEqual(error("GET / HTTP/1.1\r\nHost: h\r\n" + hundred + "\r\n"), .tooManyHeaderFields(limit: 100))
    }

    func testParse_bodyOverTheLimitIs413BeforeTheBodyArrives() {
        let limits = HTTPRequestLimits(maxBodyBytes: 1000)
        XCTAssertEqual(
            error("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n", limits: limits),
            .bodyTooLarge(limit: 1000))
        XCTAssertEqual(
            error("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n", limits: limits),
            .bodyTooLarge(limit: 1000))
        XCTAssertNil(error("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n", limits: limits))
    }

    func testParse_contentLengthWithTransferEncodingIs400() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc"
        XCTAssertEqual(error(text), .contentLengthWithTransferEncoding)
        XCTAssertEqual(HTTPParseError.contentLengthWithTransferEncoding.status.code, 400)
    }

    func testParse_transferEncodings() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\n"
        XCTAssertEqual(error(head + "Transfer-Encoding: chunked\r\n\r\n"), .lengthRequired)
        XCTAssertEqual(error(head + "Transfer-Encoding: gzip, CHUNKED\r\n\r\n"), .lengthRequired)
        XCTAssertEqual(error(head + "Transfer-Encoding: gzip\r\n\r\n"), .unsupportedTransferEncoding)
        XCTAssertEqual(error(head + "Transfer-Encoding: chunked, gzip\r\n\r\n"), .invalidTransferEncoding)
        XCTAssertEqual(error("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), .invalidTransferEncoding)
        XCTAssertEqual(HTTPParseError.lengthRequired.status.code, 411)
        XCTAssertEqual(HTTPParseError.unsupportedTransferEncoding.status.code, 501)
    }

    func testParse_invalidContentLengthIs400() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\n"
        for value in ["abc", "-1", "+5", "1 2", "", "0x10", "1, 2"] {
            XCTAssertEqual(error(head + "Content-Length: \(value)\r\n\r\n"), .invalidContentLength, value)
        }
        XCTAssertEqual(
            error(head + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"), .invalidContentLength)
        XCTAssertNil(error(head + "Content-Length: 3, 3\r\n\r\nabc"))
        XCTAssertNil(error(head + "Content-Length: 3\r\ncontent-length: 3\r\n\r\nabc"))
    }

    func testParse_malformedRequestLinesAre400() {
        for line in [
            "GET /", "GET  / HTTP/1.1", "GET / HTTP/1.1 ", "GET / HTTP/1.1 extra", " GET / HTTP/1.1", "GET\t/ HTTP/1.1",
            "G@T / HTTP/1.1", "GET / HTTX/1.1", "GET / http/1.1", "GET / HTTP/", "GET / HTTP/1.1\rX", "/ HTTP/1.1",
        ] {
            XCTAssertEqual(error(line + "\r\nHost: h\r\n\r\n")?.status.code, 400, line)
        }
    }

    func testParse_unknownMethodsAre501() {
        for method in ["BREW", "get", "TRACE", "CONNECT", "PROPFIND"] {
            XCTAssertEqual(error("\(method) / HTTP/1.1\r\nHost: h\r\n\r\n"), .methodNotImplemented, method)
        }
        XCTAssertEqual(HTTPParseError.methodNotImplemented.status.code, 501)
    }

    func testParse_unsupportedVersionsAre505() {
        for version in ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3", "HTTP/1.10"] {
            XCTAssertEqual(error("GET / \(version)\r\nHost: h\r\n\r\n"), .unsupportedVersion, version)
        }
        XCTAssertEqual(HTTPParseError.unsupportedVersion.status.code, 505)
    }

    func testParse_badHeaderSyntaxIs400() {
        let head = "GET / HTTP/1.1\r\nHost: h\r\n"
        XCTAssertEqual(error(head + "X-A: one\r\n  two\r\n\r\n"), .obsoleteLineFolding)
        XCTAssertEqual(error(head + "X-A: one\r\n\ttwo\r\n\r\n"), .obsoleteLineFolding)
        XCTAssertEqual(error(head + "X-A : one\r\n\r\n"), .whitespaceBeforeColon)
        XCTAssertEqual(error(head + "X-A\t: one\r\n\r\n"), .whitespaceBeforeColon)
        XCTAssertEqual(error(head + "NoColon\r\n\r\n"), .invalidHeaderField)
        XCTAssertEqual(error(head + ": empty name\r\n\r\n"), .invalidHeaderField)
        XCTAssertEqual(error(head + "X(A): v\r\n\r\n"), .invalidHeaderField)
        XCTAssertEqual(error(head + "X-A: a\u{1}b\r\n\r\n"), .invalidHeaderField)
        XCTAssertEqual(error(head + "X-A: a\rb\r\n\r\n"), .invalidHeaderField)
        XCTAssertEqual(error(head + "X-A: a\u{0}b\r\n\r\n"), .invalidHeaderField)
    }

    func testParse_headerValuesAreTrimmedAndMayHoldObsText() throws {
        let request = try XCTUnwrap(
            try parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: \t caf\u{e9} \t\r\nX-E:\r\n\r\n").first)
        XCTAssertEqual(request.headers["x-a"], "caf\u{e9}")
        XCTAssertEqual(request.headers["x-e"], "")
    }

    func testParse_hostRules() {
        XCTAssertEqual(error("GET / HTTP/1.1\r\n\r\n"), .invalidHost)
        XCTAssertEqual(error("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), .invalidHost)
        XCTAssertEqual(error("GET / HTTP/1.1\r\nHost: a b\r\n\r\n"), .invalidHost)
        XCTAssertNil(error("GET / HTTP/1.1\r\nHost:\r\n\r\n"))
    }

    func testParse_expectContinueAndOtherExpectations() throws {
        var parser = HTTPRequestParser()
        parser.append(
            contentsOf: "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n".utf8)
        XCTAssertNil(try parser.next())
        XCTAssertTrue(parser.expectsContinue)
        parser.append(contentsOf: "ok".utf8)
        XCTAssertEqual(try parser.next()?.body, Array("ok".utf8))
        XCTAssertFalse(parser.expectsContinue)
        XCTAssertEqual(error("POST / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n"), .expectationFailed)
        XCTAssertEqual(HTTPParseError.expectationFailed.status.code, 417)
    }

    func testParse_staysFailedAfterAnError() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: "BAD\r\n\r\n".utf8)
        XCTAssertThrowsError(try parser.next())
        parser.append(contentsOf: "GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        XCTAssertThrowsError(try parser.next()) { XCTAssertEqual($0 as? HTTPParseError, .malformedRequestLine) }
    }

    func testParseError_everyCaseHasAStatusCodeAndMessage() {
        let cases: [HTTPParseError] = [
            .requestLineTooLong(limit: 1), .headerSectionTooLarge(limit: 1), .tooManyHeaderFields(limit: 1),
            .bodyTooLarge(limit: 1), .malformedRequestLine, .methodNotImplemented, .invalidTarget,
            .unsupportedVersion, .invalidHeaderField, .whitespaceBeforeColon, .obsoleteLineFolding,
            .invalidContentLength, .contentLengthWithTransferEncoding, .lengthRequired, .unsupportedTransferEncoding,
            .invalidTransferEncoding, .invalidHost, .expectationFailed, .truncatedRequest, .headTimeout, .bodyTimeout,
        ]
        let expected = [
            414, 431, 431, 413, 400, 501, 400, 505, 400, 400, 400, 400, 400, 411, 501, 400, 400, 417, 400, 408, 408,
        ]
        XCTAssertEqual(cases.map(\.status.code), expected)
        XCTAssertTrue(cases.allSatisfy { !$0.code.isEmpty && !$0.message.isEmpty })
    }
}
