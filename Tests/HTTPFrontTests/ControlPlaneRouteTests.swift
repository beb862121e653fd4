import Commands
import EventStore
import Foundation
import Projections
import XCTest

@testable import HTTPFront

/// Every API route through the router, without sockets. The scenarios are keyed by operation id and the test
/// fails if a route has no scenario, so a new route cannot ship untested.
final class ControlPlaneRouteTests: XCTestCase {
    typealias Scenario = @Sendable (APITestHarness) throws -> Void

    func testEveryRoute_hasAScenarioThatPasses() throws {
        let scenarios = Self.scenarios
        let table = Set(ControlPlaneAPI(state: try APITestHarness().state).routes.map(\.operationID))
        XCTAssertEqual(Set(scenarios.keys), table, "every route needs a scenario here, and only routes")
        for (operation, scenario) in scenarios.sorted(by: { $0.key < $1.key }) {
            let harness = try APITestHarness(withRun: true)
            do {
                try scenario(harness)
            } catch {
                XCTFail("\(operation): \(error)")
            }
        }
    }

    static let scenarios: [String: Scenario] = [
        "getHealth": { api in
            let response = api.send(.get, "/health")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.text, #"{"status":"ok"}"#)
        },
        "getOpenAPIDocument": { api in
            let response = api.send(.get, "/openapi.json")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["openapi"], "3.1.0")
            XCTAssertNotNil(response.body["paths"]?["/api/runs/{id}"]?["get"])
        },
        "getLifecycle": { api in
            let response = api.admin(.get, "/api/lifecycle")
            XCTAssertEqual(response.status, 200)
            let steps = response.body["steps"]?.arrayValue ?? []
            XCTAssertEqual(steps.map { $0["step"]?.stringValue ?? "" }, LifecycleStep.allCases.map(\.rawValue))
            let latest = response.body["latest_run"]?["id"]
            XCTAssertNotNil(latest?.stringValue)
            XCTAssertEqual(steps.last?["working"]?["run_id"], latest)
            XCTAssertEqual(steps.first?["latest_status"], "completed")
        },
        "previewLifecyclePlan": { api in
            let head = try api.head()
            let response = api.admin(.get, "/api/lifecycle/plan?from_step=etl")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["runnable"], true)
            let actions = response.body["steps"]?.arrayValue?.compactMap { $0["action"]?.stringValue }
            XCTAssertEqual(actions, ["reuse", "reuse", "run", "run", "run", "run"], "mapping always runs")
            XCTAssertTrue(
                response.body["steps"]?[2]?["reason"]?.stringValue?.contains("contract as it is now") ?? false,
                "the plan says why mapping runs")
            XCTAssertEqual(try api.head(), head, "a dry run appends nothing")
            XCTAssertEqual(api.admin(.get, "/api/lifecycle/plan?from_step=etl&parent_run=nope").status, 404)
            XCTAssertEqual(api.admin(.get, "/api/lifecycle/plan?from_step=load").status, 422)
        },
        "runLifecycleStep": { api in
            let parent = api.admin(.get, "/api/runs").body["items"]?[0]?["id"]
            let response = api.admin(.post, "/api/lifecycle/steps/gate/run", body: "{}")
            XCTAssertEqual(response.status, 202)
            let id = try XCTUnwrap(response.body["run_id"]?.stringValue)
            api.waitForRun(id)
            let run = api.admin(.get, "/api/runs/\(id)").body
            XCTAssertEqual(run["parent_run"], parent)
            XCTAssertEqual(run["status"], "passed")
            XCTAssertEqual(run["steps"]?[0]?["reused_from"], parent)
            XCTAssertEqual(api.admin(.post, "/api/lifecycle/steps/load/run", body: "{}").status, 404)
        },
        "executeRun": { api in
            let response = api.admin(.post, "/api/runs/execute", body: #"{"rows": 20, "seed": 7}"#)
            XCTAssertEqual(response.status, 202)
            let id = try XCTUnwrap(response.body["run_id"]?.stringValue)
            XCTAssertEqual(response.body["href"]?.stringValue, "/api/runs/\(id)")
            let second = api.admin(.post, "/api/runs/execute", body: #"{"rows": 20}"#)
            if !api.state.runs.hasFinished(id) {
                XCTAssertEqual(second.status, 409, "a second run while one is in progress")
                XCTAssertEqual(second.errorCode, "conflict")
            }
            api.waitForRun(id)
            let run = api.admin(.get, "/api/runs/\(id)").body
            XCTAssertEqual(run["status"], "passed")
            XCTAssertEqual(run["gate"]?["verdict"], "PASS")
            XCTAssertEqual(run["parameters"]?["seed"], "7")
        },
        "listRuns": { api in
            let response = api.admin(.get, "/api/runs")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"], 1)
            XCTAssertEqual(response.body["items"]?[0]?["status"], "passed")
            XCTAssertEqual(response.body["active_run"], .null)
            XCTAssertEqual(api.admin(.get, "/api/runs?status=failed").body["total"], 0)
        },
        "getRun": { api in
            let id = try XCTUnwrap(api.admin(.get, "/api/runs").body["items"]?[0]?["id"]?.stringValue)
            let run = api.admin(.get, "/api/runs/\(id)")
            XCTAssertEqual(run.status, 200)
            XCTAssertEqual(run.body["gate"]?["verdict"], "PASS")
            XCTAssertEqual(run.body["steps"]?.arrayValue?.count, 6)
            XCTAssertFalse(run.body["artifacts"]?.arrayValue?.isEmpty ?? true)
            XCTAssertNotNil(run.body["rejects"]?["count"]?.intValue)
            XCTAssertNotNil(run.body["issues"]?["contract"]?.intValue)
            XCTAssertNotNil(run.body["gate"]?["report"]?["checks"])
            XCTAssertEqual(api.admin(.get, "/api/runs/\(id.prefix(8))").body["id"]?.stringValue, id)
            XCTAssertEqual(api.admin(.get, "/api/runs/no-such-run").status, 404)
        },
        "listRunRejects": { api in
            let id = try XCTUnwrap(api.admin(.get, "/api/runs").body["items"]?[0]?["id"]?.stringValue)
            let count = api.admin(.get, "/api/runs/\(id)").body["rejects"]?["count"]
            let response = api.admin(.get, "/api/runs/\(id)/rejects?page_size=2")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"], count)
            XCTAssertLessThanOrEqual(response.body["items"]?.arrayValue?.count ?? 99, 2)
            XCTAssertEqual(response.body["items"]?[0]?["run_id"]?.stringValue, id)
        },
        "listRunIssues": { api in
            let id = try XCTUnwrap(api.admin(.get, "/api/runs").body["items"]?[0]?["id"]?.stringValue)
            let response = api.admin(.get, "/api/runs/\(id)/issues?kind=contract")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"], api.admin(.get, "/api/runs/\(id)").body["issues"]?["contract"])
            XCTAssertTrue(response.body["columns"]?.arrayValue?.contains("rule_id") ?? false)
            XCTAssertEqual(api.admin(.get, "/api/runs/\(id)/issues?kind=other").status, 422)
        },
        "signOffRun": { api in
            let id = try XCTUnwrap(api.admin(.get, "/api/runs").body["items"]?[0]?["id"]?.stringValue)
            let officer = try api.user("olive", .clinicalSafetyOfficer)
            let response = api.send(.post, "/api/runs/\(id)/signoff", token: officer, body: #"{"note": "reviewed"}"#)
            XCTAssertEqual(response.status, 201)
            XCTAssertEqual(response.body["role"], "clinical_safety_officer")
            XCTAssertEqual(api.admin(.get, "/api/runs/\(id)").body["sign_offs"]?[0]?["user"], "olive")
            let again = api.send(.post, "/api/runs/\(id)/signoff", token: officer, body: "{}")
            XCTAssertEqual(again.status, 422, "signing twice is refused")
        },
        "listMappings": { api in
            let all = api.admin(.get, "/api/mappings?page_size=500")
            XCTAssertEqual(all.status, 200)
            let total = try XCTUnwrap(all.body["total"]?.intValue)
            XCTAssertEqual(total, try api.state.projections().contract.orderedRows.count)
            let page = api.admin(.get, "/api/mappings?page=2&page_size=10&sort=id&order=desc")
            let ids = page.body["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            XCTAssertEqual(ids.count, 10)
            XCTAssertEqual(ids, ids.sorted(by: >))
            XCTAssertEqual(page.body["pages"]?.intValue, (total + 9) / 10)
            let patient = api.admin(.get, "/api/mappings?table=patient&critical=true&page_size=500")
            XCTAssertTrue(
                patient.body["items"]?.arrayValue?.allSatisfy {
                    $0["target_table"] == "patient" && $0["critical"] == true
                } ?? false)
            XCTAssertEqual(api.admin(.get, "/api/mappings?q=NHS_NO").body["items"]?[0]?["source_field"], "NHS_NO")
            XCTAssertEqual(api.admin(.get, "/api/mappings?page_size=501").status, 422)
            XCTAssertEqual(api.admin(.get, "/api/mappings?page=x").status, 400)
        },
        "getMapping": { api in
            let response = api.admin(.get, "/api/mappings/patient.nhs_number")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["critical"], true)
            XCTAssertEqual(response.body["target_field"], "nhs_number")
            XCTAssertEqual(api.admin(.get, "/api/mappings/patient.nope").status, 404)
        },
        "editMapping": { api in
            let before = api.admin(.get, "/api/mappings?q=patient.nhs_number&page_size=5")
            XCTAssertNotEqual(before.body["items"]?[0]?["notes"], "checked")
            let engineer = try api.user("erin", .engineer)
            let response = api.send(
                .patch, "/api/mappings/patient.nhs_number", token: engineer,
                body: #"{"changes": {"notes": "checked"}, "expected_seq": \#(try api.head())}"#)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["version"], 2)
            XCTAssertEqual(response.body["notes"], "checked")
            XCTAssertEqual(response.body["edited_by"], "erin")
            XCTAssertEqual(response.body["status"], "proposed")
            // The list pages are rendered once per ledger seq: the same request after the edit shows it.
            let listed = api.admin(.get, "/api/mappings?q=patient.nhs_number&page_size=5")
            XCTAssertEqual(listed.body["items"]?[0]?["notes"], "checked")
            XCTAssertEqual(listed.body["head_seq"]?.intValue, try api.head())
        },
        "setMappingStatus": { api in
            let engineer = try api.user("erin", .engineer)
            let steward = try api.user("stella", .steward)
            _ = api.send(
                .patch, "/api/mappings/patient.nhs_number", token: engineer, body: #"{"changes": {"notes": "n"}}"#)
            let response = api.send(
                .post, "/api/mappings/patient.nhs_number/status", token: steward, body: #"{"status": "approved"}"#)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["status"], "approved")
            XCTAssertEqual(response.body["approved_by"], "stella")
            let reject = api.send(
                .post, "/api/mappings/patient.nhs_number/status", token: steward, body: #"{"status": "rejected"}"#)
            XCTAssertEqual(reject.status, 422, "rejecting needs a reason")
        },
        "bulkEditMappings": { api in
            let response = api.admin(
                .post, "/api/mappings/bulk/edit",
                body: #"{"ids": ["patient.nhs_number", "patient.birth_date"], "changes": {"notes": "bulk"}}"#)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["changed"], 2)
            XCTAssertEqual(api.admin(.get, "/api/mappings/patient.birth_date").body["notes"], "bulk")
            let both = api.admin(
                .post, "/api/mappings/bulk/edit",
                body: #"{"ids": ["patient.nhs_number"], "filter": {"table": "patient"}, "changes": {"notes": "x"}}"#)
            XCTAssertEqual(both.status, 422)
        },
        "bulkSetMappingStatus": { api in
            let steward = try api.user("stella", .steward)
            let response = api.send(
                .post, "/api/mappings/bulk/status", token: steward,
                body: #"{"filter": {"table": "organisation", "status": "proposed"}, "status": "approved"}"#)
            XCTAssertEqual(response.status, 200)
            let rows = api.admin(.get, "/api/mappings?table=organisation&page_size=500").body["items"]?.arrayValue ?? []
            XCTAssertEqual(response.body["changed"]?.intValue, rows.count)
            XCTAssertTrue(rows.allSatisfy { $0["status"] == "approved" && $0["approved_by"] == "stella" })
        },
        "listCrosswalks": { api in
            let response = api.admin(.get, "/api/crosswalks?page_size=500")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"]?.intValue, try Crosswalk.bundled().entries.count)
            XCTAssertEqual(api.admin(.get, "/api/crosswalks?approved=true").body["total"], 0)
        },
        "setCrosswalkApprovals": { api in
            let steward = try api.user("stella", .steward)
            let key = try XCTUnwrap(
                api.admin(.get, "/api/crosswalks?page_size=500").body["items"]?.arrayValue?
                    .first { $0["auto_map"] == true }?["key"]?.stringValue)
            let response = api.send(
                .post, "/api/crosswalks/approvals", token: steward, body: #"{"keys": ["\#(key)"], "approved": true}"#)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["changed"], 1)
            XCTAssertEqual(api.admin(.get, "/api/crosswalks?approved=true").body["items"]?[0]?["approved_by"], "stella")
        },
        "listSnapshots": { api in
            XCTAssertEqual(api.admin(.get, "/api/snapshots").body["total"], 0)
            _ = api.admin(.post, "/api/snapshots", body: #"{"label": "before"}"#)
            let response = api.admin(.get, "/api/snapshots")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"], 1)
            XCTAssertEqual(response.body["items"]?[0]?["label"], "before")
        },
        "takeSnapshot": { api in
            let head = try api.head()
            let response = api.admin(.post, "/api/snapshots", body: #"{"label": "baseline"}"#)
            XCTAssertEqual(response.status, 201)
            XCTAssertEqual(response.body["seq"]?.intValue, head)
            XCTAssertEqual(response.body["state_digest"]?.stringValue?.count, 64)
            XCTAssertEqual(api.admin(.post, "/api/snapshots", body: #"{"label": ""}"#).status, 422)
        },
        "getSnapshot": { api in
            let taken = api.admin(.post, "/api/snapshots", body: #"{"label": "named"}"#).body
            let response = api.admin(.get, "/api/snapshots/named")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["id"], taken["id"])
            XCTAssertEqual(api.admin(.get, "/api/snapshots/unknown-label").status, 404)
        },
        "restoreSnapshot": { api in
            let id = try XCTUnwrap(
                api.admin(.post, "/api/snapshots", body: #"{"label": "s"}"#).body["id"]?.stringValue)
            _ = api.admin(.patch, "/api/mappings/patient.nhs_number", body: #"{"changes": {"notes": "changed"}}"#)
            XCTAssertEqual(api.admin(.get, "/api/mappings/patient.nhs_number").body["version"], 2)
            let response = api.admin(.post, "/api/snapshots/\(id)/restore", body: "{}")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["restored_at"]?.arrayValue?.count, 1)
            XCTAssertEqual(api.admin(.get, "/api/mappings/patient.nhs_number").body["version"], 1)
        },
        "listSchemaSides": { api in
            let response = api.admin(.get, "/api/schemas")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(
                response.body["items"]?.arrayValue?.compactMap { $0["side"]?.stringValue }, ["source", "target"])
        },
        "listSchemaTables": { api in
            let response = api.admin(.get, "/api/schemas/target?page_size=100")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"], 38)
            XCTAssertEqual(
                api.admin(.get, "/api/schemas/source").body["total"]?.intValue, SourceModel.mockPAS.tables.count)
            XCTAssertEqual(api.admin(.get, "/api/schemas/middle").status, 404)
        },
        "getSchemaTable": { api in
            let response = api.admin(.get, "/api/schemas/target/patient?page_size=500")
            XCTAssertEqual(response.status, 200)
            XCTAssertTrue(response.body["items"]?.arrayValue?.contains { $0["name"] == "nhs_number" } ?? false)
            XCTAssertEqual(api.admin(.get, "/api/schemas/target/no_table").status, 404)
        },
        "getSchemaField": { api in
            let response = api.admin(.get, "/api/schemas/target/patient/fields/nhs_number")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["mappings"]?[0]?["id"], "patient.nhs_number")
            let key = api.admin(.get, "/api/schemas/target/organisation/fields/organisation_id")
            XCTAssertTrue(
                key.body["referenced_by"]?.arrayValue?.contains { $0["from_table"] == "site" } ?? false)
            XCTAssertEqual(api.admin(.get, "/api/schemas/target/patient/fields/nope").status, 404)
        },
        "getERD": { api in
            let response = api.admin(.get, "/api/erd")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["tables"]?.arrayValue?.count, 38)
            let relation = response.body["relationships"]?.arrayValue?.first {
                $0["id"] == "site.organisation_id->organisation.organisation_id"
            }
            XCTAssertEqual(relation?["cardinality"], "many_to_one")
            XCTAssertEqual(api.admin(.get, "/api/erd?side=source").body["side"], "source")
        },
        "listCrosswalkRejects": { api in
            let id = try XCTUnwrap(api.admin(.get, "/api/runs").body["items"]?[0]?["id"]?.stringValue)
            let response = api.admin(.get, "/api/rejects/crosswalk")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"], api.admin(.get, "/api/runs/\(id)").body["rejects"]?["count"])
            XCTAssertEqual(
                response.body["columns"]?.arrayValue?.compactMap(\.stringValue).prefix(2), ["run_id", "source_table"])
            let rule = try XCTUnwrap(response.body["items"]?[0]?["rule"]?.stringValue)
            let filtered = api.admin(.get, "/api/rejects/crosswalk?rule=\(rule)")
            XCTAssertTrue(filtered.body["items"]?.arrayValue?.allSatisfy { $0["rule"]?.stringValue == rule } ?? false)
        },
        "listQualityIssues": { api in
            for kind in ["enterprise", "contract"] {
                let response = api.admin(.get, "/api/quality/issues?kind=\(kind)")
                XCTAssertEqual(response.status, 200, kind)
                XCTAssertEqual(response.body["source"]?.stringValue, "reports/quality_issues_\(kind).csv")
            }
            let missing = api.admin(.get, "/api/quality/issues")
            XCTAssertEqual(missing.status, 400)
            XCTAssertTrue(missing.text.contains("kind"))
        },
        "getQualityKPIs": { api in
            let response = api.admin(.get, "/api/quality/kpis?weeks=3")
            XCTAssertEqual(response.status, 200)
            let series = response.body["series"]?.arrayValue ?? []
            XCTAssertEqual(series.count, 3)
            XCTAssertEqual(series.last?["runs"], 1)
            XCTAssertEqual(series.last?["gate_pass_rate_bp"], 10_000)
            XCTAssertEqual(response.body["widgets"]?["runs"]?["passed"], 1)
            XCTAssertEqual(api.admin(.get, "/api/quality/kpis?weeks=0").status, 422)
        },
        "listUsers": { api in
            _ = try api.user("vic", .viewer)
            let response = api.admin(.get, "/api/users")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"], 2)
            XCTAssertFalse(response.text.contains("token"), "no token hashes over the API")
        },
        "getCurrentUser": { api in
            let viewer = try api.user("vic", .viewer)
            let response = api.send(.get, "/api/users/me", token: viewer)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["user"]?["name"], "vic")
            XCTAssertEqual(response.body["permissions"], ["read"])
        },
        "getRoles": { api in
            let response = api.admin(.get, "/api/users/roles")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["roles"]?.arrayValue?.count, Role.allCases.count)
            let signOff = response.body["ownership"]?.arrayValue?.first { $0["activity"] == "gate:sign_off" }
            XCTAssertEqual(signOff?["roles"], ["clinical_safety_officer", "release_manager"])
        },
        "registerUser": { api in
            let response = api.admin(.post, "/api/users", body: #"{"name": "nina", "role": "operator"}"#)
            XCTAssertEqual(response.status, 201)
            let token = try XCTUnwrap(response.body["token"]?.stringValue)
            XCTAssertTrue(token.hasPrefix("dmt_"))
            XCTAssertEqual(api.send(.get, "/api/users/me", token: token).body["user"]?["roles"], ["operator"])
            XCTAssertEqual(api.admin(.post, "/api/users", body: #"{"name": "nina", "role": "viewer"}"#).status, 409)
            XCTAssertEqual(api.admin(.post, "/api/users", body: #"{"name": "Bad Name", "role": "viewer"}"#).status, 422)
        },
        "streamEvents": { api in
            let head = try api.head()
            let backlog = api.admin(.get, "/api/events/stream?after=0&follow=false")
            XCTAssertEqual(backlog.status, 200)
            XCTAssertEqual(backlog.headers["Content-Type"], "text/event-stream")
            let text = APITestHarness.drain(try XCTUnwrap(backlog.stream))
            let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { Int($0.dropFirst(4)) }
            XCTAssertEqual(ids, (1...head).map { $0 }, "every event, in order, then the stream ends")
            XCTAssertTrue(text.contains("event: ledger.created\n"))
            // Following from the head: nothing until something is appended, then that event.
            let live = try XCTUnwrap(api.admin(.get, "/api/events/stream").stream)
            _ = try api.user("stream-watcher", .viewer)
            let arrived = APITestHarness.drain(live) { $0.contains("id: \(head + 1)\n") }
            XCTAssertTrue(arrived.contains("id: \(head + 1)\n"), arrived)
            XCTAssertFalse(arrived.contains("id: \(head)\n"), "only events after the head")
            live.close(.clientDisconnected)
            let resumed = api.send(
                .get, "/api/events/stream?follow=false", token: api.adminToken, headers: [("Last-Event-ID", "\(head)")])
            XCTAssertTrue(APITestHarness.drain(try XCTUnwrap(resumed.stream)).contains("id: \(head + 1)\n"))
            let bad = api.send(
                .get, "/api/events/stream", token: api.adminToken, headers: [("Last-Event-ID", "seven")])
            XCTAssertEqual(bad.status, 400)
        },
        "listConnectorTypes": { api in
            let response = api.send(.get, "/api/connectors/types")
            XCTAssertEqual(response.status, 200, "public, as the brief's health check calls it")
            let names = response.body["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            XCTAssertEqual(names, ConnectorRegistry.standard.types.map(\.name))
            for expected in ["csv", "cache_iris_emulator", "postgres_emulator"] {
                XCTAssertTrue(names.contains(expected), expected)
            }
            let odbc = response.body["items"]?.arrayValue?.first { $0["name"] == "odbc" }
            XCTAssertEqual(odbc?["experimental"], true)
        },
        "checkConnector": { api in
            let good = api.admin(
                .post, "/api/connectors/check",
                body: #"{"connector":"csv","settings":{"directory":"mock_data/source/csv"}}"#)
            XCTAssertEqual(good.status, 200)
            XCTAssertEqual(good.body["ok"], true)
            XCTAssertEqual(good.body["tables"]?.intValue, SourceModel.mockPAS.tables.count)
            let odbc = api.admin(.post, "/api/connectors/check", body: #"{"connector":"odbc","settings":{"dsn":"x"}}"#)
            XCTAssertEqual(odbc.status, 200)
            XCTAssertEqual(odbc.body["ok"], false)
            XCTAssertTrue(odbc.body["message"]?.stringValue?.contains("driver manager") ?? false)
            let outside = api.admin(
                .post, "/api/connectors/check", body: #"{"connector":"csv","settings":{"directory":"/etc"}}"#)
            XCTAssertEqual(outside.status, 422, "folders outside the data root are refused")
            let escape = api.admin(
                .post, "/api/connectors/check", body: #"{"connector":"csv","settings":{"directory":"../.."}}"#)
            XCTAssertEqual(escape.status, 422)
            XCTAssertEqual(
                api.admin(.post, "/api/connectors/check", body: #"{"connector":"nope"}"#).status, 422,
                "not in the schema's enumeration")
        },
        "discoverConnector": { api in
            let response = api.admin(
                .post, "/api/connectors/discover?page_size=500",
                body: #"{"connector":"csv","settings":{"directory":"mock_data/source/csv"}}"#)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["total"]?.intValue, SourceModel.mockPAS.tables.count)
            let patients = response.body["items"]?.arrayValue?.first { $0["name"] == "PATIENT_MASTER" }
            let file = try String(
                contentsOfFile: api.root + "/mock_data/source/csv/PATIENT_MASTER.csv", encoding: .utf8)
            XCTAssertEqual(patients?["rows"]?.intValue, file.split(separator: "\n").count - 1)
            XCTAssertEqual(patients?["columns"]?[0]?["name"], "INTERNAL_NO")
        },
        "previewConnector": { api in
            let body =
                #"{"connector":"csv","settings":{"directory":"mock_data/source/csv"},"table":"PATIENT_MASTER","limit":3}"#
            let response = api.admin(.post, "/api/connectors/preview", body: body)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["rows"]?.arrayValue?.count, 3)
            XCTAssertEqual(response.body["columns"]?[0], "INTERNAL_NO")
            let unknown = api.admin(
                .post, "/api/connectors/preview",
                body: #"{"connector":"csv","settings":{"directory":"mock_data/source/csv"},"table":"NOPE"}"#)
            XCTAssertEqual(unknown.status, 404)
            XCTAssertEqual(unknown.errorCode, "unknown_table")
        },
        "listEvents": { api in
            let response = api.admin(.get, "/api/events?after=0&page_size=5")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["items"]?.arrayValue?.compactMap { $0["seq"]?.intValue }, [1, 2, 3, 4, 5])
            XCTAssertEqual(response.body["next_after"], 5)
            XCTAssertEqual(response.body["items"]?[0]?["type"], "ledger.created")
            let typed = api.admin(.get, "/api/events?type=run.&page_size=500")
            XCTAssertTrue(
                typed.body["items"]?.arrayValue?.allSatisfy { $0["type"]?.stringValue?.hasPrefix("run.") ?? false }
                    ?? false)
            let head = try api.head()
            XCTAssertEqual(api.admin(.get, "/api/events?after=\(head)").body["items"], [])
            // Filters run on the server over the whole ledger, and the total is what they match in all of it.
            let ledger = try String(contentsOfFile: api.root + "/events/ledger.jsonl", encoding: .utf8)
                .split(separator: "\n")
            let runEvents = ledger.filter { $0.contains(#""type":"run."#) }.count
            XCTAssertEqual(typed.body["total"]?.intValue, runEvents, "the true count, not the ledger's size")
            let byActor = api.admin(.get, "/api/events?actor=nobody&page_size=500")
            XCTAssertEqual(byActor.body["items"], [])
            XCTAssertEqual(byActor.body["total"], 0)
            let started = api.admin(.get, "/api/events?type=run.started&actor=root&page_size=500")
            XCTAssertTrue(
                started.body["items"]?.arrayValue?.allSatisfy { $0["actor"]?["user"] == "root" } ?? false)
        },
        "getLedgerHead": { api in
            let response = api.admin(.get, "/api/ledger/head")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["seq"]?.intValue, try api.head())
        },
        "verifyLedger": { api in
            let response = api.admin(.get, "/api/ledger/verify")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body["intact"], true)
            XCTAssertEqual(response.body["head_seq"]?.intValue, try api.head())
        },
    ]
}
