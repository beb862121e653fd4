/// The columns one table offers to the enterprise rules, resolved once per table from its header.
///
/// The rules are written against the EPR's column names (DESIGN.md §5's model). Resolving them by name, once,
/// keeps the per-row work to array indexing, and a schema without a column simply leaves that check out for that
/// table instead of failing the step (the contract checks already report a file whose header is wrong).
struct EnterpriseHooks {
    /// `patient`: NHS number, birth and death dates.
    var patient: (nhsNumber: Int?, birth: Int?, death: Int?)?
    /// `hospital_spell`: admission and discharge times.
    var spell: (admission: Int, discharge: Int)?
    /// A table whose rows must sit inside their spell (episodes, ward stays).
    var withinSpell: SpellChild?
    /// `rtt_pathway`: status and clock start.
    var pathway: (status: Int, clockStart: Int)?
    /// Activity that must not be dated after the patient's death: (patient column, date column, its name).
    var afterDeath: [(patient: Int, date: Int, name: String)] = []
    /// Events that can only be in the past: (column, its name).
    var pastOnly: [(index: Int, name: String)] = []

    /// The columns of a row that must lie within its hospital spell, and the rule that says so.
    struct SpellChild {
        /// The rule reported when the row does not.
        var rule: QualityRuleID
        /// The `hospital_spell_id` column.
        var spell: Int
        /// The start time column and its name.
        var start: Int
        /// See `start`.
        var startName: String
        /// The end time column (optional in a schema) and its name.
        var end: Int?
        /// See `end`.
        var endName: String
    }

    /// Activity tables and the column that dates them, for `EQ_ACTIVITY_AFTER_DEATH`. Documents are left out on
    /// purpose: a letter or summary written after a death is normal.
    static let activityDates: [(table: String, date: String)] = [
        ("outpatient_appointment", "appointment_start"), ("hospital_spell", "admission_datetime"),
        ("referral", "referral_received_date"), ("waiting_list_entry", "decision_to_admit_date"),
        ("theatre_case", "scheduled_start"),
    ]

    /// Columns that record something that has already happened, for `EQ_FUTURE_DATED_EVENT`. Appointments, TCI
    /// dates and theatre schedules are bookings and may lie ahead; an RTT clock start is judged by its own rule.
    static let pastOnlyColumns: [(table: String, column: String)] = [
        ("patient", "birth_date"), ("patient", "death_date"), ("hospital_spell", "admission_datetime"),
        ("hospital_spell", "discharge_datetime"), ("consultant_episode", "episode_start"),
        ("ward_stay", "ward_stay_start"), ("critical_care_period", "period_start"), ("diagnosis", "diagnosis_date"),
        ("procedure", "procedure_date"), ("referral", "referral_received_date"),
        ("patient_allergy", "recorded_date"), ("clinical_document", "document_datetime"),
    ]

    /// Tables whose rows must lie within their hospital spell, and the rule for each.
    static let spellChildren: [(table: String, rule: QualityRuleID, start: String, end: String)] = [
        ("consultant_episode", .episodeOutsideSpell, "episode_start", "episode_end"),
        ("ward_stay", .wardStayOutsideSpell, "ward_stay_start", "ward_stay_end"),
    ]

    /// The hooks of `plan`.
    init(_ plan: TablePlan) {
        let column = plan.index(of:)
        switch plan.name {
        case "patient":
            patient = (column("nhs_number"), column("birth_date"), column("death_date"))
        case "hospital_spell":
            if let admission = column("admission_datetime"), let discharge = column("discharge_datetime") {
                spell = (admission, discharge)
            }
        case "rtt_pathway":
            if let status = column("pathway_status"), let clockStart = column("clock_start_date") {
                pathway = (status, clockStart)
            }
        default:
            break
        }
        if let child = Self.spellChildren.first(where: { $0.table == plan.name }),
            let spell = column("hospital_spell_id"), let start = column(child.start)
        {
            withinSpell = SpellChild(
                rule: child.rule, spell: spell, start: start, startName: child.start, end: column(child.end),
                endName: child.end)
        }
        if let patient = column("patient_id") {
            afterDeath = Self.activityDates.filter { $0.table == plan.name }.compactMap { entry in
                column(entry.date).map { (patient, $0, entry.date) }
            }
        }
        pastOnly = Self.pastOnlyColumns.filter { $0.table == plan.name }.compactMap { entry in
            column(entry.column).map { ($0, entry.column) }
        }
    }
}
