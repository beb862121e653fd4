import XCTest

@testable import Commands

final class CommandsModuleTests: XCTestCase {
    func testModule_loads() {
        XCTAssertEqual(String(describing: CommandsModule.self), "CommandsModule")
    }
}
