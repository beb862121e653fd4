import EventStore
import Foundation

/// The lifecycle's parameters as typed by the operator; `validated()` checks them.
///
/// They arrive as text so that a malformed value is still recorded (in `run.started`) next to the `step.failed`
/// that refuses it: the ledger shows what was attempted, not only what succeeded.
public struct LifecycleRequest: Sendable {
    /// Patients in the mock extract.
    public var rows = "20"
    /// Seed of the mock extract.
    public var seed = "42"
    /// Patients the enterprise quality check expects at least.
    public var minPatients = "20"
    /// Share of injected defects in the mock extract (0…1).
    public var defectRate = "0.02"
    /// Release gate profile.
    public var releaseProfile = "pre_production"
    /// A folder holding the trust's source for the connector (CSV files, .zwr files and their description, or
    /// `pas_dump.sql`); without it the mock PAS is generated.
    public var sourceDirectory: String?
    /// Source connector.
    public var connector = "csv"
    /// Settings of the connector (`--set KEY=VALUE`), on top of those `sourceDirectory` implies; secrets among
    /// them are recorded only as `set`.
    public var connectorSettings: [String: String] = [:]
    /// "Today" for the extract and the quality checks, `yyyy-MM-dd`; fixed so runs are reproducible.
    public var referenceDate = "2026-01-15"
    /// Re-run from this step as a new run linked to the latest (or `parentRun`).
    public var fromStep: String?
    /// The run to continue from with `fromStep` (default: the latest run).
    public var parentRun: String?

    /// A request with the brief's defaults.
    public init() {}

    /// As recorded in `run.started`.
    var recorded: [String: JSONValue] {
        var object: [String: JSONValue] = [
            "rows": .string(rows), "seed": .string(seed), "min_patients": .string(minPatients),
            "defect_rate": .string(defectRate), "release_profile": .string(releaseProfile),
            "connector": .string(connector), "reference_date": .string(referenceDate),
        ]
        if let fromStep { object["from_step"] = .string(fromStep) }
        if let sourceDirectory { object["source_dir"] = .string(sourceDirectory) }
        if !connectorSettings.isEmpty {
            // Only what the registry knows is not secret is recorded as given; anything else only as `set`.
            let settings = (try? ConnectorRegistry.standard.type(named: connector))?.settings ?? []
            let shown = connectorSettings.map { key, value -> (String, JSONValue) in
                let plain = settings.contains { $0.name == key && !$0.secret }
                return (key, .string(plain ? value : "set"))
            }
            object["connector_settings"] = .object(Dictionary(uniqueKeysWithValues: shown))
        }
        return object
    }
}

/// Checked parameters.
package struct LifecycleParameters: Sendable {
    package var rows: Int
    package var seed: UInt64
    package var minPatients: Int
    package var defectRate: Double
    package var releaseProfile: String
    package var connector: String
    package var referenceDate: Date
    package var referenceDay: String
    package var fromStep: LifecycleStep?
    package var sourceDirectory: URL?
    package var connectorSettings: [String: String]

    /// The connectors this build can extract through.
    package static var connectors: [String] { ConnectorRegistry.standard.availableNames }

    /// Checks `request`; a bad value throws a usage error naming the parameter and the step that needs it.
    package init(_ request: LifecycleRequest, knownProfiles: [String]) throws(LifecycleError) {
        guard let rows = Int(request.rows), rows >= 1, rows <= 10_000_000 else {
            throw LifecycleError(
                .usage, step: .extract, "--rows must be a whole number from 1 to 10000000, got '\(request.rows)'")
        }
        guard let seed = UInt64(request.seed) else {
            throw LifecycleError(
                .usage, step: .extract, "--seed must be a non-negative whole number, got '\(request.seed)'")
        }
        guard let minPatients = Int(request.minPatients), minPatients >= 0 else {
            throw LifecycleError(
                .usage, step: .quality,
                "--min-patients must be a non-negative whole number, got '\(request.minPatients)'")
        }
        guard let defectRate = Double(request.defectRate), defectRate >= 0, defectRate <= 1 else {
            throw LifecycleError(
                .usage, step: .extract, "--defect-rate must be a number from 0 to 1, got '\(request.defectRate)'")
        }
        if !Self.connectors.contains(request.connector),
            let type = try? ConnectorRegistry.standard.type(named: request.connector)
        {
            throw LifecycleError(
                .usage, step: .extract,
                "connector '\(type.name)' is not available in this build; available: "
                    + Self.connectors.joined(separator: ", "))
        }
        guard Self.connectors.contains(request.connector) else {
            throw LifecycleError(
                .usage, step: .extract,
                "unknown connector '\(request.connector)'; known: \(Self.connectors.joined(separator: ", "))")
        }
        if let type = try? ConnectorRegistry.standard.type(named: request.connector) {
            for key in request.connectorSettings.keys.sorted() where !type.settings.contains(where: { $0.name == key })
            {
                throw LifecycleError(
                    .usage, step: .extract,
                    "unknown setting '\(key)' for connector \(type.name); its settings: "
                        + type.settings.map(\.name).joined(separator: ", "))
            }
        }
        guard knownProfiles.contains(request.releaseProfile) else {
            throw LifecycleError(
                .usage, step: .gate,
                "unknown release profile '\(request.releaseProfile)'; known: \(knownProfiles.joined(separator: ", "))")
        }
        guard let date = Self.parseDay(request.referenceDate) else {
            throw LifecycleError(
                .usage, step: .extract, "--reference-date must be yyyy-MM-dd, got '\(request.referenceDate)'")
        }
        var fromStep: LifecycleStep?
        if let name = request.fromStep {
            guard let step = LifecycleStep(rawValue: name) else {
                throw LifecycleError(
                    .usage, step: .extract, "unknown step '\(name)' for --from-step; steps: \(LifecycleStep.names)")
            }
            fromStep = step
        }
        self.rows = rows
        self.seed = seed
        self.minPatients = minPatients
        self.defectRate = defectRate
        self.releaseProfile = request.releaseProfile
        self.connector = request.connector
        self.referenceDate = date
        self.referenceDay = request.referenceDate
        self.fromStep = fromStep
        self.connectorSettings = request.connectorSettings
        if let path = request.sourceDirectory {
            // A server connector (postgres) has no folder to read: its settings name the server.
            if let type = try? ConnectorRegistry.standard.type(named: request.connector),
                !type.settings.contains(where: { $0.kind == .folder || $0.kind == .file })
            {
                throw LifecycleError(
                    .usage, step: .extract,
                    "--source-dir names a folder, but connector \(type.name) reads a server: give its settings instead"
                        + " (--set "
                        + type.settings.filter(\.required).map { "\($0.name)=…" }.joined(separator: " --set ")
                        + (type.settings.contains(where: \.secret) ? " --password-env VAR" : "") + ")")
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw LifecycleError(.usage, step: .extract, "--source-dir \(path) is not a folder")
            }
            sourceDirectory = URL(fileURLWithPath: path, isDirectory: true)
        }
    }

    /// Midnight UTC of a `yyyy-MM-dd` day, checked by formatting it back.
    static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month
        else { return nil }
        return date
    }
}
