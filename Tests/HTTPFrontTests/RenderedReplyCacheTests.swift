import XCTest

@testable import HTTPFront

final class RenderedReplyCacheTests: XCTestCase {
    func testBody_isRenderedOncePerSeqAndTarget() {
        let cache = RenderedReplyCache(capacity: 4)
        var renders = 0
        func body(_ seq: Int, _ target: String) -> [UInt8] {
            cache.body(seq: seq, target: target) {
                renders += 1
                return Array("\(seq) \(target)".utf8)
            }
        }
        XCTAssertEqual(body(1, "/a"), Array("1 /a".utf8))
        XCTAssertEqual(body(1, "/a"), Array("1 /a".utf8))
        XCTAssertEqual(renders, 1, "the same seq and target is rendered once")
        XCTAssertEqual(body(2, "/a"), Array("2 /a".utf8), "a new seq is a new page")
        XCTAssertEqual(body(2, "/b"), Array("2 /b".utf8))
        XCTAssertEqual(renders, 3)
    }

    func testSweep_dropsOlderSeqsAndKeepsTheCacheBounded() {
        let cache = RenderedReplyCache(capacity: 3)
        var renders = 0
        func body(_ seq: Int, _ target: String) {
            _ = cache.body(seq: seq, target: target) {
                renders += 1
                return []
            }
        }
        for target in ["/a", "/b", "/c"] { body(1, target) }
        body(2, "/a")  // full: the seq-1 entries go
        body(1, "/b")
        XCTAssertEqual(renders, 5, "a swept entry is rendered again")
        for index in 0..<10 { body(3, "/p\(index)") }
        body(3, "/p9")
        XCTAssertEqual(renders, 15, "the newest entry survives a sweep")
    }
}
