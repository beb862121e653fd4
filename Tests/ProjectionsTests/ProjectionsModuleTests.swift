import XCTest

@testable import Projections

final class ProjectionsModuleTests: XCTestCase {
    func testModule_loads() {
        XCTAssertEqual(String(describing: ProjectionsModule.self), "ProjectionsModule")
    }
}
