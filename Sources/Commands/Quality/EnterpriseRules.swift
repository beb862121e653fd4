import Foundation
import Projections

/// The enterprise (business) rules: clinical and operational checks that need more than one column or table.
///
/// The contract scan calls `observe` with every row as it reads it, so the rules add no pass over the data. They
/// keep only what later rows or the final checks need, and only compactly: a date of death per deceased patient,
/// one bit per NHS number (`NumberSet`), two times per spell, all keyed by the ids of the shared `RetainedKeySet`s.
/// The holders of a shared NHS number are found by reading `patient.csv` again at the end, for the few numbers
/// seen twice, rather than remembering a holder for every number. Rows the contract already rejects (an
/// unparseable date, a duplicate key) are skipped here rather than reported twice.
///
/// Rules and their row-level inputs (severities come from `quality_rules.csv`):
/// - `EQ_PATIENT_COVERAGE` — patient rows vs the run's minimum (in `finish`).
/// - `EQ_DUPLICATE_NHS_NUMBER`, `EQ_NHS_NUMBER_CHECK_DIGIT`, `EQ_DEATH_BEFORE_BIRTH` — `patient`.
/// - `EQ_ACTIVITY_AFTER_DEATH` — the tables in `EnterpriseHooks.activityDates`.
/// - `EQ_FUTURE_DATED_EVENT` — the columns in `EnterpriseHooks.pastOnlyColumns`, against the reference date.
/// - `EQ_DISCHARGE_BEFORE_ADMISSION` — `hospital_spell`.
/// - `EQ_EPISODE_OUTSIDE_SPELL`, `EQ_WARD_STAY_OUTSIDE_SPELL` — `consultant_episode`, `ward_stay`.
/// - `EQ_OPEN_RTT_WITHOUT_CLOCK_START` — `rtt_pathway`.
final class EnterpriseRules {
    /// The key sets the rules look rows up in, which the scan must keep: `table.column`.
    static let requiredKeySets = ["patient.patient_id", "hospital_spell.hospital_spell_id"]

    /// Marks an unknown time in the spell arrays.
    static let unknown = Int.min

    /// The run's "today" as a day number.
    let referenceDay: Int
    /// Where issues go.
    let sink: IssueSink
    /// Loaded patients by `patient_id` (shared with the contract scan, which fills it).
    let patients: RetainedKeySet?
    /// Loaded spells by `hospital_spell_id` (shared with the contract scan, which fills it).
    let spells: RetainedKeySet?

    /// Day of death of each deceased patient, by patient id (the pair's first value; `unknown` when alive).
    let deathDays: PagedPairs
    /// Every NHS number seen on a patient's first row.
    var nhsNumbers: NumberSet
    /// NHS numbers seen on more than one patient; their holders are collected by `reportSharedNumbers`.
    var sharedNumbers: Set<UInt64> = []
    /// Admission and discharge (seconds) by spell id; `unknown` when absent or invalid.
    let spellTimes: PagedPairs
    /// Where the per-key facts live.
    let pool: PagePool

    /// Rules that report into `sink`, looking patients and spells up in the scan's key sets, keeping per-key facts
    /// in `pool`.
    init(referenceDay: Int, sink: IssueSink, patients: RetainedKeySet?, spells: RetainedKeySet?, pool: PagePool) {
        self.pool = pool
        deathDays = PagedPairs(absent: Self.unknown, pool: pool)
        nhsNumbers = NumberSet(pool: pool)
        spellTimes = PagedPairs(absent: Self.unknown, pool: pool)
        self.referenceDay = referenceDay
        self.sink = sink
        self.patients = patients
        self.spells = spells
    }

    /// Applies the row-level rules to one row of a table with `hooks`; `id` is the row's id in the table's key set
    /// when the row was the first with its key, nil otherwise.
    func observe(_ row: [String], table: String, hooks: EnterpriseHooks, key: String, id: Int?) throws {
        if let columns = hooks.patient, let id {
            try observePatient(row, columns: columns, key: key, id: id)
        }
        if let columns = hooks.spell, let id {
            try observeSpell(row, columns: columns, key: key, id: id)
        }
        if let columns = hooks.withinSpell {
            try checkWithinSpell(row, table: table, columns: columns, key: key)
        }
        if let columns = hooks.pathway {
            try checkPathway(row, columns: columns, key: key)
        }
        for check in hooks.afterDeath where !deathDays.isEmpty {
            try checkAfterDeath(row, table: table, check: check, key: key)
        }
        for column in hooks.pastOnly {
            let value = row[column.index]
            if let day = ISOTemporal.dayOfDateOrTimestamp(value), day > referenceDay {
                try sink.report(
                    .futureDatedEvent, table: table, recordKey: key, field: column.name,
                    message: "\(column.name) \(value) is after the run's reference date "
                        + "\(CivilDate.isoDate(ofDay: referenceDay)); it records something that has already "
                        + "happened, so check the source date and its transform")
            }
        }
    }

    /// The checks that need the whole run: coverage and duplicate NHS numbers (`patientFile` is the patient
    /// table's plan and file, read again for the holders of shared numbers).
    func finish(patientsLoaded: Int, minPatients: Int, patientFile: (plan: TablePlan, url: URL)?) throws {
        if patientsLoaded < minPatients {
            try sink.report(
                .patientCoverage, table: "patient", recordKey: "",
                message:
                    "\(QualityEngine.counted(patientsLoaded, "patient")) loaded, fewer than the minimum of \(minPatients); "
                    + "see crosswalk_rejects.csv for the patients that were rejected")
        }
        if let patientFile {
            try reportSharedNumbers(plan: patientFile.plan, url: patientFile.url)
        }
    }

    /// An open or paused pathway needs a clock start that is a real date no later than the reference date.
    private func checkPathway(_ row: [String], columns: (status: Int, clockStart: Int), key: String) throws {
        let status = row[columns.status]
        guard status == "open" || status == "paused" else {
            return
        }
        let clockStart = row[columns.clockStart]
        let problem: String
        if clockStart.isEmpty {
            problem = "has no clock_start_date"
        } else if let day = ISOTemporal.day(clockStart) {
            guard day > referenceDay else {
                return
            }
            problem =
                "has a clock start \(clockStart) after the reference date \(CivilDate.isoDate(ofDay: referenceDay))"
        } else {
            problem = "has a clock_start_date that is not a date"
        }
        try sink.report(
            .openRTTWithoutClockStart, table: "rtt_pathway", recordKey: key, field: "clock_start_date",
            message: "\(status) RTT pathway \(problem); the 18-week wait cannot be measured, "
                + "so set the clock start from the referral before go-live")
    }
}
