import Commands
import EventStore
import Foundation
import HTTPFront
import XCTest

/// `dm runs rejects|issues` and `dm quality kpis|issues|rejects`, the real executable against a small lifecycle root:
/// `--json` prints byte for byte what the API answers to the same query, the table shows the page and the total,
/// and bad input is a one-line usage error.
final class ReportCommandsTests: XCTestCase {
    func testReportCommands_printTheAPIsJSONAndATableWithTheTotal() throws {
        let root = ScratchRoot()
        // Injected defects, so there are rejects and issues to page through (and the gate fails: exit 3).
        let lifecycle = try DMExecutable.run(
            ["lifecycle", "--root", root.path, "--quiet"] + LifecycleTests.brief + ["--defect-rate", "0.3"])
        XCTAssertEqual(lifecycle.status, 3, lifecycle.stderr)

        let state = try ControlPlaneState(rootPath: root.path, logger: APILogger(sink: { _ in }))
        let token = try XCTUnwrap(
            try UserAdministration(ledger: state.ledger).initialise(tokenFile: root.path + "/events/admin.token")?.token
        )
        let api = ControlPlaneAPI(state: state)
        let run = try XCTUnwrap(try state.projections().runs.order.last)

        let cases: [(cli: [String], api: String)] = [
            (["runs", "rejects", run, "--page-size", "5"], "/api/runs/\(run)/rejects?page_size=5"),
            (["runs", "issues", run, "--kind", "contract"], "/api/runs/\(run)/issues?kind=contract"),
            (
                ["runs", "issues", String(run.prefix(8)), "--kind", "enterprise", "--page", "2", "--page-size", "3"],
                "/api/runs/\(run.prefix(8))/issues?kind=enterprise&page=2&page_size=3"
            ),
            (["quality", "kpis", "--weeks", "4"], "/api/quality/kpis?weeks=4"),
            (["quality", "kpis"], "/api/quality/kpis"),
            (["quality", "issues"], "/api/quality/issues?kind=enterprise"),
            (
                ["quality", "issues", "--kind", "enterprise", "--severity", "high", "--page-size", "2"],
                "/api/quality/issues?kind=enterprise&severity=high&page_size=2"
            ),
            (
                ["quality", "issues", "--kind", "contract", "--table", "patient"],
                "/api/quality/issues?kind=contract&table=patient"
            ),
            (["quality", "rejects", "--page-size", "2"], "/api/rejects/crosswalk?page_size=2"),
        ]
        for (arguments, target) in cases {
            var headers = HTTPHeaders()
            headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = api.respond(
                to: HTTPRequest(method: .get, target: target, headers: headers), context: RequestContext())
            XCTAssertEqual(response.status.code, 200, target)
            let cli = try DMExecutable.run(arguments + ["--json", "--root", root.path])
            XCTAssertEqual(cli.status, 0, "\(arguments): \(cli.stderr)")
            XCTAssertEqual(cli.stdout, String(decoding: response.body, as: UTF8.self) + "\n", "\(arguments)")
            XCTAssertEqual(
                try JSONValue(parsing: Array(cli.stdout.utf8)), try JSONValue(parsing: response.body), "\(arguments)")
        }

        // The table: page x of y and the total, the same numbers as the JSON.
        for arguments in [
            ["runs", "issues", run, "--kind", "enterprise", "--page-size", "3"], ["quality", "rejects"],
        ] {
            let json = try JSONValue(
                parsing: Array(try DMExecutable.run(arguments + ["--json", "--root", root.path]).stdout.utf8))
            let total = try XCTUnwrap(json["total"]?.intValue)
            XCTAssertGreaterThan(total, 0, "\(arguments)")
            let pages = try XCTUnwrap(json["pages"]?.intValue)
            let table = try DMExecutable.run(arguments + ["--root", root.path])
            XCTAssertEqual(table.status, 0, table.stderr)
            XCTAssertTrue(table.stdout.contains("page 1 of \(pages)"), table.stdout)
            XCTAssertTrue(table.stdout.contains("total \(total)"), table.stdout)
            let columns = try XCTUnwrap(json["columns"]?.arrayValue?.compactMap(\.stringValue))
            XCTAssertTrue(table.stdout.hasPrefix(columns[0]), table.stdout)
        }
        let kpis = try DMExecutable.run(["quality", "kpis", "--weeks", "2", "--root", root.path])
        XCTAssertEqual(kpis.status, 0, kpis.stderr)
        XCTAssertTrue(kpis.stdout.hasPrefix("week"), kpis.stdout)
        XCTAssertTrue(kpis.stdout.contains("latest run \(run): gate_failed"), kpis.stdout)
        XCTAssertTrue(kpis.stdout.contains("runs: 1 total"), kpis.stdout)
    }

    func testReportCommands_badInputIsAUsageErrorNamingTheOption() throws {
        let root = ScratchRoot()
        let lifecycle = try DMExecutable.run(["lifecycle", "--root", root.path, "--quiet"] + LifecycleTests.brief)
        XCTAssertEqual(lifecycle.status, 0, lifecycle.stderr)
        let run = try XCTUnwrap(
            try DMExecutable.run(["runs", "list", "--root", root.path]).stdout.split(separator: "\n").dropFirst().first?
                .split(separator: "\t").first.map(String.init))

        let refused: [([String], String)] = [
            (["runs", "rejects", "nosuchrun"], "no run 'nosuchrun'; `dm runs list` shows the runs"),
            (["runs", "issues", run], "--kind is required"),
            (["runs", "issues", run, "--kind", "bogus"], "--kind"),
            (["runs", "rejects", run, "--page", "0"], "--page"),
            (["quality", "rejects", "--page-size", "501"], "--page-size"),
            (["quality", "issues", "--severity", "urgent"], "--severity"),
            (["quality", "kpis", "--weeks", "zero"], "--weeks must be a whole number"),
        ]
        for (arguments, expected) in refused {
            let output = try DMExecutable.run(arguments + ["--root", root.path])
            XCTAssertEqual(output.status, 2, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.hasPrefix("dm: error: "), output.stderr)
            XCTAssertTrue(output.stderr.contains(expected), "\(arguments): \(output.stderr)")
            XCTAssertEqual(output.stdout, "", "\(arguments)")
        }

        // Nothing written yet is a usage error too; an unknown actor is refused like every other command.
        let empty = ScratchRoot()
        let missing = try DMExecutable.run(["quality", "rejects", "--root", empty.path])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("`dm lifecycle` runs one"), missing.stderr)
        let stranger = try DMExecutable.run(["quality", "kpis", "--actor", "nobody", "--root", root.path])
        XCTAssertEqual(stranger.status, 1, stranger.stderr)
        XCTAssertTrue(stranger.stderr.contains("no active user 'nobody'"), stranger.stderr)
    }
}
