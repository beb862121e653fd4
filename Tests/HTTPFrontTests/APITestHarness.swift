import Commands
import EventStore
import Foundation
import Projections
import Synchronization
import XCTest

@testable import HTTPFront

/// The API over a scratch data folder, driven without sockets: requests go straight to `respond`.
///
/// `withRun` folds a small lifecycle run (20 patients) into the folder first, once per process, and copies the
/// folder for each harness so tests that append cannot disturb one another.
final class APITestHarness {
    /// A response as a test reads it.
    struct Response {
        var status: Int
        var body: JSONValue
        var text: String
        var headers: HTTPHeaders
        /// The body produced over time, for an event-stream reply.
        var stream: HTTPResponseStream?

        /// The error code of an error body.
        var errorCode: String? { body["error"]?["code"]?.stringValue }
    }

    let root: String
    let state: ControlPlaneState
    let api: ControlPlaneAPI
    let adminToken: String
    /// Access and error lines the API wrote.
    let logLines = LogLines()

    /// Collected log lines (the logger's sink runs on any thread).
    final class LogLines: @unchecked Sendable {
        // Guarded by `lock`.
        private var lines: [String] = []
        private let lock = NSLock()
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// A harness over a fresh folder; with `withRun`, one where a lifecycle run has completed.
    init(withRun: Bool = false, maximumRunRows: Int = 10_000_000) throws {
        root = FileManager.default.temporaryDirectory.path + "/dm-api-\(UUID().uuidString.lowercased())"
        if withRun {
            try FileManager.default.copyItem(atPath: try Self.template(), toPath: root)
        } else {
            try FileManager.default.createDirectory(atPath: root + "/events", withIntermediateDirectories: true)
            _ = try UserAdministration(ledger: Ledger(directory: root + "/events")).initialise(
                tokenFile: root + "/events/admin.token")
        }
        adminToken = try String(contentsOfFile: root + "/events/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = logLines
        state = try ControlPlaneState(
            rootPath: root, maximumRunRows: maximumRunRows, logger: APILogger(level: .debug) { lines.append($0) })
        api = ControlPlaneAPI(state: state)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The folder with one completed run, built once per test process.
    private static func template() throws -> String {
        try templatePath.withLock { path in
            if let path { return path }
            let folder = FileManager.default.temporaryDirectory.path + "/dm-api-template-\(getpid())"
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder + "/events", withIntermediateDirectories: true)
            _ = try UserAdministration(ledger: Ledger(directory: folder + "/events")).initialise(
                tokenFile: folder + "/events/admin.token")
            let runner = try LifecycleRunner(
                rootPath: folder, actor: LocalActor.current, observer: SilentLifecycleObserver())
            var request = LifecycleRequest()
            request.rows = "20"
            let summary = try runner.run(request)
            XCTAssertEqual(summary.gateVerdict, "PASS")
            XCTestObservationCenter.shared.addTestObserver(TemplateRemover(folder: folder))
            path = folder
            return folder
        }
    }

    private static let templatePath = Mutex<String?>(nil)

    /// Removes the template folder when the test bundle finishes.
    private final class TemplateRemover: NSObject, XCTestObservation {
        let folder: String
        init(folder: String) { self.folder = folder }
        func testBundleDidFinish(_ testBundle: Bundle) {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Registers `name` with `role` (as the local admin) and returns their token.
    func user(_ name: String, _ role: Role) throws -> String {
        try UserAdministration(ledger: state.ledger).add(name, role: role.rawValue, actorName: nil)
    }

    /// Sends a request; `body` is sent as given (so tests can send malformed JSON).
    func send(
        _ method: HTTPMethod, _ target: String, token: String? = nil, body: String? = nil,
        headers extra: [(String, String)] = []
    ) -> Response {
        var headers = HTTPHeaders()
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let request = HTTPRequest(
            method: method, target: target, headers: headers, body: body.map { Array($0.utf8) } ?? [])
        let response = api.respond(to: request, context: RequestContext())
        let text = String(decoding: response.body, as: UTF8.self)
        return Response(
            status: response.status.code, body: (try? JSONValue(parsing: response.body)) ?? .null, text: text,
            headers: response.headers, stream: response.stream)
    }

    /// What `stream` carries until it finishes, or until `timeout` passes (then what arrived so far), as the event
    /// loop would take it.
    static func drain(_ stream: HTTPResponseStream, timeout: Double = 10, until done: (String) -> Bool = { _ in false })
        -> String
    {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            switch stream.take() {
            case .data(let more):
                bytes += more
                if done(String(decoding: bytes, as: UTF8.self)) { return String(decoding: bytes, as: UTF8.self) }
            case .finished(let last):
                return String(decoding: bytes + last, as: UTF8.self)
            case .closed:
                return String(decoding: bytes, as: UTF8.self)
            case .idle:
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sends as the admin.
    func admin(_ method: HTTPMethod, _ target: String, body: String? = nil) -> Response {
        send(method, target, token: adminToken, body: body)
    }

    /// The ledger head seq.
    func head() throws -> Int { try state.ledger.head().seq }

    /// Waits (bounded) until the run `id` started here has finished.
    func waitForRun(_ id: String, timeout: Double = 120) {
        let deadline = Date().addingTimeInterval(timeout)
        while !state.runs.hasFinished(id), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }
}
