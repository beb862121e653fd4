import Commands
import EventStore
import Foundation
import Synchronization
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

/// Commands over the API: a retried request applies once; a bulk status change of every row needs saying so.
final class APICommandSafetyTests: XCTestCase {
    private func count(_ api: APITestHarness, _ type: String) throws -> Int {
        try String(contentsOfFile: api.root + "/events/ledger.jsonl", encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(#""type":"\#(type)""#) }.count
    }

    func testIdempotencyKey_aRetriedEditAndApprovalApplyOnce_andAnswerAsTheFirstDid() throws {
        let api = try APITestHarness(withRun: true)
        let eddie = try api.user("eddie", .engineer)
        let stew = try api.user("stew", .steward)
        let edits = try count(api, "mapping.edited")
        let edit = #"{"changes": {"notes": "retried"}}"#
        let key = [("Idempotency-Key", "7f1c2a9e-edit")]
        let first = api.send(.patch, "/api/mappings/site.town", token: eddie, body: edit, headers: key)
        let retry = api.send(.patch, "/api/mappings/site.town", token: eddie, body: edit, headers: key)
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(retry.status, 200, retry.text)
        XCTAssertEqual(retry.body["version"], first.body["version"], "the retry did not make a new version")
        XCTAssertEqual(try count(api, "mapping.edited"), edits + 1)

        let approvals = try count(api, "mapping.status_changed")
        let approve = #"{"status": "approved"}"#
        let approveKey = [("Idempotency-Key", "7f1c2a9e-approve")]
        XCTAssertEqual(
            api.send(.post, "/api/mappings/site.town/status", token: stew, body: approve, headers: approveKey).status,
            200)
        let again = api.send(.post, "/api/mappings/site.town/status", token: stew, body: approve, headers: approveKey)
        XCTAssertEqual(again.status, 200, "a retried approval is not 'already approved': \(again.text)")
        XCTAssertEqual(try count(api, "mapping.status_changed"), approvals + 1)

        // Without the key, or with another, it is a new command.
        XCTAssertEqual(api.send(.patch, "/api/mappings/site.town", token: eddie, body: edit).status, 200)
        XCTAssertEqual(try count(api, "mapping.edited"), edits + 2)
        let bad = api.send(
            .patch, "/api/mappings/site.town", token: eddie, body: edit, headers: [("Idempotency-Key", "a b")])
        XCTAssertEqual(bad.status, 400, bad.text)
    }

    func testBulkStatus_withNoSelection_isRefused_everyRowNeedsAllTrueAndAReason() throws {
        let api = try APITestHarness(withRun: true)
        let stew = try api.user("stew", .steward)
        let changes = try count(api, "mapping.status_changed")
        let none = api.send(.post, "/api/mappings/bulk/status", token: stew, body: #"{"status": "approved"}"#)
        XCTAssertEqual(none.status, 422, none.text)
        let noReason = api.send(
            .post, "/api/mappings/bulk/status", token: stew, body: #"{"status": "approved", "all": true}"#)
        XCTAssertEqual(noReason.status, 422, noReason.text)
        XCTAssertEqual(try count(api, "mapping.status_changed"), changes, "nothing was approved")
        let all = api.send(
            .post, "/api/mappings/bulk/status", token: stew,
            body: #"{"status": "approved", "all": true, "reason": "reviewed in the mapping board of 3 Dec"}"#)
        XCTAssertEqual(all.status, 200, all.text)
        XCTAssertGreaterThan(all.body["changed"]?.intValue ?? 0, 300)
    }
}

/// One set of text limits for the CLI and the API, counted in code points, with no control characters.
final class TextLimitTests: XCTestCase {
    func testLabelsAndNotes_countCodePoints_andRefuseControlCharacters_overTheAPI() throws {
        let api = try APITestHarness(withRun: true)
        let combining = "a" + String(repeating: "\u{0301}", count: 300)
        for label in [combining, "bell\u{7}", "esc\u{1B}[2J", "cr\rhere", "nul\u{0}"] {
            let body = try JSONValue.object(["label": .string(label)]).canonicalString()
            let response = api.admin(.post, "/api/snapshots", body: body)
            XCTAssertEqual(response.status, 422, "\(label.unicodeScalars.map(\.value)): \(response.text)")
        }
        let note = try JSONValue.object(["changes": ["notes": .string(String(repeating: "n", count: 2001))]])
            .canonicalString()
        XCTAssertEqual(api.admin(.patch, "/api/mappings/site.town", body: note).status, 422)
        let multiline = try JSONValue.object(["changes": ["notes": "line one\nline two"]]).canonicalString()
        XCTAssertEqual(api.admin(.patch, "/api/mappings/site.town", body: multiline).status, 200)
    }

    func testAStaleExpectedSeq_forARowCreatedLater_isAConflict() throws {
        let api = try APITestHarness(withRun: true)
        let response = api.admin(
            .patch, "/api/mappings/site.town", body: #"{"changes": {"notes": "x"}, "expected_seq": 1}"#)
        XCTAssertEqual(response.status, 409, response.text)
    }
}

/// The API cannot be used to point the postgres connector at any host and port: only the operator's allow-list.
final class SourceHostAllowListTests: XCTestCase {
    func testPostgresConnector_toAHostNotAllowed_isRefusedAlike_whetherThePortIsOpenOrNot() throws {
        let api = try APITestHarness()
        var messages: Set<String> = []
        for (host, port) in [("127.0.0.1", "5432"), ("10.255.255.1", "22"), ("localhost", "1")] {
            let body =
                #"{"connector":"postgres","settings":{"host":"\#(host)","port":"\#(port)","database":"d","user":"u"}}"#
            let response = api.admin(.post, "/api/connectors/check", body: body)
            XCTAssertEqual(response.status, 403, response.text)
            XCTAssertEqual(response.errorCode, "source_host_not_allowed")
            messages.insert(
                (response.body["error"]?["message"]?.stringValue ?? "").replacingOccurrences(
                    of: "\(host):\(port)", with: "X"))
        }
        XCTAssertEqual(messages.count, 1, "one refusal, naming only the target: \(messages)")
    }

    func testServeConfiguration_readsTheAllowList_andRefusesAMalformedEntry() throws {
        let configuration = try ServeConfiguration(
            options: ["--source-hosts": "PAS-DB.trust.nhs.uk:5432, 10.1.2.3:6432"], environment: [:])
        XCTAssertEqual(configuration.sourceHosts, ["pas-db.trust.nhs.uk:5432", "10.1.2.3:6432"])
        XCTAssertThrowsError(try ServeConfiguration(options: ["--source-hosts": "db"], environment: [:]))
        XCTAssertEqual(
            try ServeConfiguration(options: [:], environment: ["DM_SOURCE_HOSTS": "db:5432"]).sourceHosts, ["db:5432"])
    }
}

/// Snapshots need no stated seq, so writes by others meanwhile are no conflict of theirs; a retried one applies once.
final class SnapshotCommandTests: XCTestCase {
    func testSnapshotsTakenWhileOthersWrite_allSucceed() throws {
        // The harness calls the API's `respond` as the event loops do, from any thread.
        nonisolated(unsafe) let api = try APITestHarness(withRun: true)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for index in 0..<25 {
                let response =
                    worker == 0
                    ? api.admin(.post, "/api/snapshots", body: #"{"label": "s\#(index)"}"#)
                    : api.admin(.patch, "/api/mappings/site.town", body: #"{"changes": {"notes": "n\#(index)"}}"#)
                if ![200, 201].contains(response.status) {
                    failures.withLock { $0.append("\(response.status) \(response.text)") }
                }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, [])
        XCTAssertEqual(api.admin(.get, "/api/snapshots?page_size=100").body["total"], 25)
    }

    func testIdempotencyKey_aRetriedSnapshotIsTakenOnce() throws {
        let api = try APITestHarness(withRun: true)
        let key = [("Idempotency-Key", "snap-1")]
        let first = api.send(.post, "/api/snapshots", token: api.adminToken, body: #"{"label": "x"}"#, headers: key)
        let retry = api.send(.post, "/api/snapshots", token: api.adminToken, body: #"{"label": "x"}"#, headers: key)
        XCTAssertEqual(first.status, 201, first.text)
        XCTAssertEqual(retry.status, 201, retry.text)
        XCTAssertEqual(retry.body["id"], first.body["id"])
        XCTAssertEqual(api.admin(.get, "/api/snapshots").body["total"], 1)
    }
}

/// A rejection's reason is part of the row: who rejected it and why, until the row changes again.
final class RejectionReasonTests: XCTestCase {
    func testARejectedRow_saysWhoRejectedItAndWhy_andAnApprovalCarriesNoReason() throws {
        let api = try APITestHarness(withRun: true)
        let stew = try api.user("stew", .steward)
        let rejected = api.send(
            .post, "/api/mappings/site.town/status", token: stew,
            body: #"{"status": "rejected", "reason": "town comes from the address, not the site"}"#)
        XCTAssertEqual(rejected.status, 200, rejected.text)
        XCTAssertEqual(rejected.body["rejected_by"], "stew")
        XCTAssertEqual(rejected.body["rejection_reason"], "town comes from the address, not the site")
        XCTAssertEqual(rejected.body["approved_by"], .null)
        let approved = api.send(
            .post, "/api/mappings/site.name/status", token: stew, body: #"{"status": "approved"}"#)
        XCTAssertEqual(approved.status, 200, approved.text)
        XCTAssertEqual(approved.body["rejection_reason"], .null, "an approval carries no reason")
        let ledger = try String(contentsOfFile: api.root + "/events/ledger.jsonl", encoding: .utf8)
        let approval = try XCTUnwrap(ledger.split(separator: "\n").last { $0.contains(#""id":"site.name""#) })
        XCTAssertFalse(approval.contains("reason"), "nothing of the rejection rides on the next approval")
        let again = api.send(.post, "/api/mappings/site.town/status", token: stew, body: #"{"status": "approved"}"#)
        XCTAssertEqual(again.body["rejected_by"], .null)
    }
}
