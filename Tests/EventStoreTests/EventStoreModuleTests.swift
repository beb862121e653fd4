import XCTest

@testable import EventStore

final class EventStoreModuleTests: XCTestCase {
    func testModule_loads() {
        XCTAssertEqual(String(describing: EventStoreModule.self), "EventStoreModule")
    }
}
