import Commands
import EventStore
import Foundation
import Projections

/// What the API handlers share: the data folder, its ledger and one incrementally refreshed set of projections.
///
/// The server owns no state that is not in the ledger or derivable from it: `projections()` folds whatever the
/// ledger gained since the last call (by this process or another, e.g. the CLI), so reads are current without a
/// restart. The `ProjectionHost` holds the projections behind its own `Mutex`; the run coordinator has its own.
package final class ControlPlaneState: Sendable {
    /// The data folder.
    package let root: DataRoot
    /// Its ledger.
    package let ledger: Ledger
    /// The projections, folded forward on each read.
    package let host: ProjectionHost
    /// The EPR's target schema (bundled DDL, parsed once).
    package let targetSchema: EPRSchema
    /// Background lifecycle runs (one at a time).
    package let runs: RunCoordinator
    /// The most patient rows an API client may ask a run for.
    package let maximumRunRows: Int
    /// The structured log.
    package let logger: APILogger
    /// Rendered `GET /api/mappings` pages, per ledger seq and request target (this ledger's only).
    package let mappingPages = RenderedReplyCache()
    /// The contract's edit check, built once (it parses the bundled DDL, contract tables and crosswalks).
    private let validator: MappingValidator

    /// The edit check as a value the state can share between loops.
    ///
    /// `@unchecked Sendable`: the closure only reads immutable values it captured when it was built (schemas,
    /// contract tables, crosswalks), so calling it from several threads at once is safe without a lock.
    private struct MappingValidator: @unchecked Sendable {
        let check: ([MappingRow]) throws -> Void
    }

    /// State over the data folder at `rootPath` (created if missing).
    /// The `host:port` entries a server connector (postgres) may be pointed at through the API.
    package let sourceHosts: [String]

    /// State over the data folder at `rootPath` (created if missing).
    package init(
        rootPath: String, maximumRunRows: Int = 10_000_000, sourceHosts: [String] = [],
        logger: APILogger = APILogger()
    ) throws {
        self.sourceHosts = sourceHosts
        root = DataRoot(path: rootPath)
        try root.createFolders()
        ledger = try Ledger(directory: root.eventsPath)
        host = try ProjectionHost(ledger: ledger)
        targetSchema = try EPRSchema.bundled()
        runs = RunCoordinator(rootPath: root.url.path) { logger.log(.error, event: "run_failed", $0) }
        self.maximumRunRows = maximumRunRows
        self.logger = logger
        validator = MappingValidator(check: try MappingContract.validator())
    }

    /// The projections with every event appended so far folded in.
    package func projections() throws -> ProjectionSet {
        try host.current()
    }

    /// A mapping workflow appending to this ledger (the same service the CLI uses).
    package func mappingWorkflow() -> MappingWorkflow {
        var workflow = MappingWorkflow(ledger: ledger, root: root, validate: validator.check)
        let logger = self.logger
        workflow.warn = { logger.log(.warning, event: "report_not_rewritten", $0) }
        return workflow
    }
}
