import XCTest

@testable import HTTPFront

final class HTTPFrontModuleTests: XCTestCase {
    func testModule_loads() {
        XCTAssertEqual(String(describing: HTTPFrontModule.self), "HTTPFrontModule")
    }
}
