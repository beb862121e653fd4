import Foundation
import XCTest

@testable import HTTPFront

/// Small hardening promises of the API: headers on every answer, one Authorization field.
final class APIHardeningTests: XCTestCase {
    func testEveryAPIAnswer_saysNosniff_successErrorAndUnknownPath() throws {
        let api = try APITestHarness()
        for response in [
            api.admin(.get, "/api/ledger/head"), api.send(.get, "/api/ledger/head"), api.admin(.get, "/api/nope"),
            api.send(.get, "/health"),
        ] {
            XCTAssertEqual(response.headers["X-Content-Type-Options"], "nosniff", "\(response.status) \(response.text)")
        }
    }

    func testTwoAuthorizationFields_areRefused_evenWhenBothCarryTheSameValidToken() throws {
        let api = try APITestHarness()
        let bearer = "Bearer \(api.adminToken)"
        let response = api.send(
            .get, "/api/ledger/head", headers: [("Authorization", bearer), ("Authorization", bearer)])
        XCTAssertEqual(response.status, 400, response.text)
        XCTAssertEqual(response.errorCode, "duplicate_authorization")
        XCTAssertEqual(api.send(.get, "/api/ledger/head", headers: [("Authorization", bearer)]).status, 200)
    }
}
