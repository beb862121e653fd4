import Commands
import EventStore
import Foundation
import XCTest

@testable import HTTPFront

/// Bad input gets the right status, a JSON error naming what was wrong, and appends nothing.
final class ControlPlaneErrorTests: XCTestCase {
    private func assertRefused(
        _ api: APITestHarness, _ method: HTTPMethod, _ target: String, body: String?, status: Int, mentions: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let head = try api.head()
        let response = api.admin(method, target, body: body)
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        XCTAssertNotNil(response.errorCode, "JSON error shape", file: file, line: line)
        XCTAssertNotNil(response.body["error"]?["message"]?.stringValue, file: file, line: line)
        XCTAssertTrue(response.text.contains(mentions), "\(response.text) names \(mentions)", file: file, line: line)
        XCTAssertEqual(try api.head(), head, "nothing appended", file: file, line: line)
    }

    func testMalformedJSON_is400() throws {
        let api = try APITestHarness(withRun: true)
        try assertRefused(
            api, .patch, "/api/mappings/patient.nhs_number", body: #"{"changes": {"notes": "x"}"#, status: 400,
            mentions: "not valid JSON")
        try assertRefused(api, .post, "/api/snapshots", body: "label=x", status: 400, mentions: "JSON")
    }

    func testWrongTypes_are422AndNameTheMember() throws {
        let api = try APITestHarness(withRun: true)
        try assertRefused(
            api, .patch, "/api/mappings/patient.nhs_number", body: #"{"changes": {"critical": "yes"}}"#, status: 422,
            mentions: "body.changes.critical must be true or false")
        try assertRefused(
            api, .post, "/api/runs/execute", body: #"{"rows": "20"}"#, status: 422, mentions: "body.rows")
        try assertRefused(api, .post, "/api/runs/execute", body: #"{"rows": 2.5}"#, status: 422, mentions: "rows")
        try assertRefused(api, .post, "/api/snapshots", body: "[]", status: 422, mentions: "an object")
    }

    func testUnknownFields_are422() throws {
        let api = try APITestHarness(withRun: true)
        try assertRefused(
            api, .patch, "/api/mappings/patient.nhs_number", body: #"{"changes": {"target_table": "x"}}"#,
            status: 422, mentions: "target_table is not a known field")
        try assertRefused(
            api, .post, "/api/snapshots", body: #"{"label": "a", "colour": "red"}"#, status: 422, mentions: "colour")
    }

    func testDomainRules_are422() throws {
        let api = try APITestHarness(withRun: true)
        try assertRefused(
            api, .patch, "/api/mappings/patient.nhs_number", body: #"{"changes": {"transform": "shout()"}}"#,
            status: 422, mentions: "patient.nhs_number")
        try assertRefused(
            api, .post, "/api/runs/execute", body: #"{"defect_rate": 2}"#, status: 422, mentions: "defect_rate")
        try assertRefused(
            api, .post, "/api/runs/execute", body: #"{"reference_date": "2026-02-30"}"#, status: 422,
            mentions: "reference_date")
        try assertRefused(
            api, .post, "/api/mappings/bulk/edit", body: #"{"all": true, "changes": {}}"#, status: 422,
            mentions: "changes")
    }

    func testNonexistentIds_are404() throws {
        let api = try APITestHarness(withRun: true)
        try assertRefused(
            api, .patch, "/api/mappings/patient.nope", body: #"{"changes": {"notes": "x"}}"#, status: 404,
            mentions: "patient.nope")
        try assertRefused(api, .post, "/api/snapshots/nope/restore", body: "{}", status: 404, mentions: "nope")
        try assertRefused(
            api, .post, "/api/runs/execute", body: #"{"from_step": "etl", "parent_run": "nope-run"}"#, status: 404,
            mentions: "nope-run")
        try assertRefused(
            api, .post, "/api/mappings/bulk/edit", body: #"{"ids": ["patient.nope"], "changes": {"notes": "x"}}"#,
            status: 404, mentions: "patient.nope")
        try assertRefused(api, .get, "/api/nothing-here", body: nil, status: 404, mentions: "not_found")
    }

    func testStaleExpectedSeq_is409() throws {
        let api = try APITestHarness(withRun: true)
        let decided = try api.head()
        let first = api.admin(
            .patch, "/api/mappings/patient.nhs_number",
            body: #"{"changes": {"notes": "a"}, "expected_seq": \#(decided)}"#)
        XCTAssertEqual(first.status, 200)
        try assertRefused(
            api, .patch, "/api/mappings/patient.nhs_number",
            body: #"{"changes": {"notes": "b"}, "expected_seq": \#(decided)}"#, status: 409, mentions: "stale")
        try assertRefused(
            api, .patch, "/api/mappings/patient.nhs_number",
            body: #"{"changes": {"notes": "b"}, "expected_seq": \#(decided + 1000)}"#, status: 409,
            mentions: "ahead of the ledger head")
        // A change to another row since the decision is not a conflict for this one.
        let other = api.admin(
            .patch, "/api/mappings/patient.birth_date",
            body: #"{"changes": {"notes": "c"}, "expected_seq": \#(decided)}"#)
        XCTAssertEqual(other.status, 200)
    }

    func testFourEyes_refusesTheEditorsOwnApprovalWith403() throws {
        let api = try APITestHarness(withRun: true)
        let both = try api.user("sam", .engineer)
        try UserAdministration(ledger: api.state.ledger).change("sam", role: "steward", granting: true, actorName: nil)
        _ = api.send(.patch, "/api/mappings/patient.nhs_number", token: both, body: #"{"changes": {"notes": "x"}}"#)
        let head = try api.head()
        let response = api.send(
            .post, "/api/mappings/patient.nhs_number/status", token: both, body: #"{"status": "approved"}"#)
        XCTAssertEqual(response.status, 403)
        XCTAssertTrue(response.text.contains("four eyes"))
        XCTAssertEqual(try api.head(), head)
    }

    func testInternalErrors_are500WithoutDetail_andLogged() throws {
        let api = try APITestHarness()
        let failing = APIRoute(
            .get, "/api/explode", id: "explode", tag: "test", summary: "fails", permission: .read,
            response: .any()
        ) { _, _ in
            throw LedgerError.io(operation: "open", path: "/secret/internal/path", errno: 5)
        }
        let custom = ControlPlaneAPI(state: api.state, routes: [failing])
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(api.adminToken)")
        let response = custom.respond(
            to: HTTPRequest(method: .get, target: "/api/explode", headers: headers), context: RequestContext())
        XCTAssertEqual(response.status.code, 500)
        let text = String(decoding: response.body, as: UTF8.self)
        XCTAssertTrue(text.contains(#""code":"internal_error""#))
        XCTAssertFalse(text.contains("/secret"), "no path leaks")
        XCTAssertFalse(text.contains("errno"), "no internals leak")
        XCTAssertTrue(api.logLines.all.contains { $0.contains("/secret/internal/path") && $0.contains("explode") })
    }

    func testQueryValues_badTypeIs400_outOfRangeIs422() throws {
        let api = try APITestHarness()
        XCTAssertEqual(api.admin(.get, "/api/events?after=abc").status, 400)
        XCTAssertEqual(api.admin(.get, "/api/events?after=-1").status, 422)
        XCTAssertEqual(api.admin(.get, "/api/mappings?critical=maybe").status, 400)
        XCTAssertEqual(api.admin(.get, "/api/mappings?status=done").status, 422)
        XCTAssertEqual(api.admin(.get, "/api/mappings?page=0").status, 422)
    }

    func testWrongMethod_is405WithAllow() throws {
        let api = try APITestHarness()
        let response = api.admin(.delete, "/api/snapshots")
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.headers["Allow"], "GET, HEAD, POST")
    }
}
