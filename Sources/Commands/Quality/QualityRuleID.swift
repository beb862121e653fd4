/// Every rule the quality step knows, by its stable id.
///
/// The ids are part of the product's interface: they appear in the issue files, in the pipeline report and in the
/// release gate's reasons, and data stewards filter on them, so a rule is never renamed, only retired. Severities
/// are not here but in `Resources/quality/quality_rules.csv`, so the clinical safety officer can re-grade a rule
/// without a code change; loading that file checks that it lists exactly these ids (see `QualityRuleCatalog`).
package enum QualityRuleID: String, Sendable, CaseIterable, Comparable {
    /// A target file is missing, its header is not the DDL's column list, or it is not valid CSV.
    case tableStructure = "DQ_TABLE_STRUCTURE"
    /// A NOT NULL column is empty.
    case required = "DQ_REQUIRED"
    /// A value does not parse as its column's type (integer, numeric(p,s), date, timestamp, boolean).
    case type = "DQ_TYPE"
    /// A varchar(n) value is longer than n characters, or a char(n) value is not exactly n.
    case length = "DQ_LENGTH"
    /// A value is not in the column's CHECK list (an NHS code set or a local vocabulary).
    case codeSet = "DQ_CODE_SET"
    /// A value does not match the column's CHECK pattern (e.g. the NHS number's ten digits).
    case pattern = "DQ_PATTERN"
    /// Two rows of a table share a primary key.
    case primaryKeyUnique = "DQ_PK_UNIQUE"
    /// A foreign key names a row that does not exist in the referenced table.
    case foreignKeyIntegrity = "DQ_FK_INTEGRITY"
    /// For a source entity, extracted ≠ loaded + rejected: rows were lost or invented on the way.
    case rowReconciliation = "DQ_ROW_RECONCILIATION"
    /// Fewer patients were loaded than the run's minimum.
    case patientCoverage = "EQ_PATIENT_COVERAGE"
    /// Two loaded patients share an NHS number.
    case duplicateNHSNumber = "EQ_DUPLICATE_NHS_NUMBER"
    /// A ten-digit NHS number fails its Modulus 11 check digit.
    case nhsNumberCheckDigit = "EQ_NHS_NUMBER_CHECK_DIGIT"
    /// Activity (appointment, admission, referral, listing, theatre) dated after the patient's death.
    case activityAfterDeath = "EQ_ACTIVITY_AFTER_DEATH"
    /// A hospital spell discharged before it was admitted.
    case dischargeBeforeAdmission = "EQ_DISCHARGE_BEFORE_ADMISSION"
    /// A patient's date of death is before their date of birth.
    case deathBeforeBirth = "EQ_DEATH_BEFORE_BIRTH"
    /// An event that can only be in the past (birth, death, admission, diagnosis…) is after the reference date.
    case futureDatedEvent = "EQ_FUTURE_DATED_EVENT"
    /// An open or paused RTT pathway has no usable clock start.
    case openRTTWithoutClockStart = "EQ_OPEN_RTT_WITHOUT_CLOCK_START"
    /// A consultant episode starts before its spell's admission or runs past its discharge.
    case episodeOutsideSpell = "EQ_EPISODE_OUTSIDE_SPELL"
    /// A ward stay starts before its spell's admission or runs past its discharge.
    case wardStayOutsideSpell = "EQ_WARD_STAY_OUTSIDE_SPELL"

    /// Contract rules are `DQ_…`, enterprise rules `EQ_…`.
    package var kind: QualityIssueKind {
        rawValue.hasPrefix("DQ_") ? .contract : .enterprise
    }

    /// By id, the order reports list rules in.
    package static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
