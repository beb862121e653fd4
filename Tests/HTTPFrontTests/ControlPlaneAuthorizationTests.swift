import Commands
import EventStore
import Foundation
import XCTest

@testable import HTTPFront

/// Authentication and authorization, generated from the route table and the permission matrix: every route ×
/// every role gets 403 exactly when the CLI's `PermissionMatrix` says the role may not, and never appends.
final class ControlPlaneAuthorizationTests: XCTestCase {
    /// A concrete target for a route: path parameters filled with an id that does not exist.
    private func target(_ route: APIRoute) -> String {
        RoutePattern(route.path).segments.map { segment in
            switch segment {
            case .literal(let literal): return literal
            case .parameter: return "no-such-id"
            }
        }.reduce("") { $0 + "/" + $1 }
    }

    /// A body every route refuses after authorization (an unknown member), so an allowed call changes nothing.
    private let probe = #"{"authorization_probe": 1}"#

    func testEveryRouteTimesEveryRole_followsThePermissionMatrix() throws {
        let api = try APITestHarness()
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try api.user("u-" + role.rawValue.replacingOccurrences(of: "_", with: "-"), role)
        }
        let head = try api.head()
        var cases = 0
        for route in api.api.routes {
            guard let permission = route.permission else { continue }
            if let body = route.body, case .object(_, _, let closed, _, _) = body {
                XCTAssertTrue(closed, "\(route.operationID): bodies refuse unknown members")
            }
            for role in Role.allCases {
                let response = api.send(
                    route.method, target(route), token: tokens[role], body: route.body == nil ? nil : probe)
                let label = "\(route.method.rawValue) \(route.path) as \(role.rawValue)"
                if PermissionMatrix.allows(role, permission) {
                    XCTAssertFalse([401, 403].contains(response.status), "\(label): \(response.text)")
                } else {
                    XCTAssertEqual(response.status, 403, label)
                    XCTAssertEqual(response.errorCode, "forbidden", label)
                    XCTAssertTrue(response.text.contains(permission.rawValue), "\(label): the message names it")
                }
                cases += 1
            }
        }
        XCTAssertEqual(try api.head(), head, "no authorization probe appended anything")
        XCTAssertGreaterThan(cases, 8 * 30)
    }

    func testEveryProtectedRoute_refusesMissingAndBadTokensWith401() throws {
        let api = try APITestHarness()
        for route in api.api.routes {
            let body = route.body == nil ? nil : probe
            let anonymous = api.send(route.method, target(route), body: body)
            if route.permission == nil {
                XCTAssertEqual(anonymous.status, 200, "\(route.path) is public")
                continue
            }
            XCTAssertEqual(anonymous.status, 401, route.path)
            XCTAssertEqual(anonymous.errorCode, "unauthenticated")
            XCTAssertTrue(anonymous.text.contains("Bearer"), "the message says what to send")
            let forged = api.send(route.method, target(route), token: "dmt_" + String(repeating: "0", count: 64))
            XCTAssertEqual(forged.status, 401, route.path)
            let basic = api.send(
                route.method, target(route), headers: [("Authorization", "Basic \(api.adminToken)")])
            XCTAssertEqual(basic.status, 401, route.path)
        }
    }

    func testRevokedUser_getsUnauthorized() throws {
        let api = try APITestHarness()
        let token = try api.user("gone", .viewer)
        XCTAssertEqual(api.send(.get, "/api/users/me", token: token).status, 200)
        try UserAdministration(ledger: api.state.ledger).revoke("gone", actorName: nil)
        XCTAssertEqual(api.send(.get, "/api/users/me", token: token).status, 401)
    }

    func testUserRegisteredByAnotherProcessAfterStart_isRecognised() throws {
        let api = try APITestHarness()
        XCTAssertEqual(api.admin(.get, "/api/users").body["total"], 1)
        // A second Ledger instance stands for the CLI in another process: the API folds what it appended.
        let other = try Ledger(directory: api.root + "/events")
        let token = try UserAdministration(ledger: other).add("late", role: "auditor", actorName: nil)
        XCTAssertEqual(api.send(.get, "/api/ledger/verify", token: token).status, 200)
        XCTAssertEqual(api.admin(.get, "/api/users").body["total"], 2)
    }

    func testAccessLog_namesTheUserAndNeverTheTokenOrQuery() throws {
        let api = try APITestHarness()
        _ = api.admin(.get, "/api/mappings?q=secret-query-value")
        _ = api.send(.get, "/api/mappings", token: "not-a-token")
        let lines = api.logLines.all.filter { $0.contains(#""event":"access""#) }
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].contains(#""path":"/api/mappings""#))
        XCTAssertTrue(lines[0].contains(#""status":200"#))
        XCTAssertTrue(lines[0].contains(#""user":"\#(LocalActor.current.user)""#) || lines[0].contains(#""user":""#))
        XCTAssertTrue(lines[1].contains(#""status":401"#) && lines[1].contains(#""user":null"#))
        for line in api.logLines.all {
            XCTAssertFalse(line.contains(api.adminToken))
            XCTAssertFalse(line.contains("not-a-token"))
            XCTAssertFalse(line.contains("secret-query-value"))
        }
    }
}
