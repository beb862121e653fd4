extension PASTable {
    /// Reference tables: the trust, its sites and wards, specialties, consultants, GP practices, clinic sessions.
    var referenceDefinition: (String, [SourceColumn])? {
        switch self {
        case .organisation:
            return (
                "The trust running the PAS (one row).",
                [
                    .textKey("ORG_CODE"), .plain("ORG_NAME", .string), .plain("ORG_TYPE", .string),
                    .plain("ADDRESS_LINE1", .string), .plain("TOWN", .string), .plain("POSTCODE", .string),
                    .plain("PHONE", .string),
                ]
            )
        case .site:
            return (
                "A hospital site of the trust.",
                [
                    .textKey("SITE_CODE"), .ref("ORG_CODE", "ORGANISATION.ORG_CODE", type: .string),
                    .plain("SITE_NAME", .string), .plain("SITE_TYPE", .string), .plain("ADDRESS_LINE1", .string),
                    .plain("POSTCODE", .string),
                ]
            )
        case .specialty:
            return (
                "A treatment function the trust runs services for.",
                [
                    SourceColumn(
                        name: "SPEC_CODE", type: .code, primaryKey: true, codeSet: "TREATMENT_FUNCTION_CODE_SUBSET"),
                    .plain("SPEC_NAME", .string), .code("MAIN_SPEC", "MAIN_SPECIALTY_CODE"),
                ]
            )
        case .consultant:
            return (
                "A consultant (care professional leading episodes and clinics).",
                [
                    .textKey("CONS_CODE"), .plain("GMC_NO", .string), .plain("TITLE", .string),
                    .plain("SURNAME", .string), .plain("FORENAMES", .string), .code("MAIN_SPEC", "MAIN_SPECIALTY_CODE"),
                    specialtyReference("SPEC_CODE"), .plain("START_DATE", .date),
                    .plain("END_DATE", .date, nullable: true),
                ]
            )
        case .ward:
            return (
                "A ward (or unit) at a site.",
                [
                    .textKey("WARD_CODE"), .ref("SITE_CODE", "SITE.SITE_CODE", type: .string),
                    .plain("WARD_NAME", .string), .plain("WARD_TYPE", .string), .plain("BED_COUNT", .integer),
                ]
            )
        case .gpPractice:
            return (
                "A GP practice patients are registered with.",
                [
                    .textKey("PRACTICE_CODE"), .plain("PRACTICE_NAME", .string), .plain("ADDRESS_LINE1", .string),
                    .plain("TOWN", .string), .plain("POSTCODE", .string), .plain("PHONE", .string),
                    .plain("OPEN_DATE", .date), .plain("CLOSE_DATE", .date, nullable: true),
                ]
            )
        case .clinicSession:
            return (
                "A weekly outpatient clinic session of one specialty (the booking calendar).",
                [
                    .key("SESSION_ID"), .plain("CLINIC_CODE", .string), specialtyReference("SPEC_CODE"),
                    .ref("CONS_CODE", "CONSULTANT.CONS_CODE", type: .string),
                    .ref("SITE_CODE", "SITE.SITE_CODE", type: .string), .plain("SESSION_DATE", .date),
                    .plain("START_TIME", .datetime), .plain("END_TIME", .datetime),
                    .plain("SESSION_STATUS", .string),
                ]
            )
        default:
            return nil
        }
    }

    /// A treatment-function column that is both coded and a reference to `SPECIALTY`.
    func specialtyReference(_ name: String) -> SourceColumn {
        SourceColumn(
            name: name, type: .code, foreignKey: "SPECIALTY.SPEC_CODE", codeSet: "TREATMENT_FUNCTION_CODE_SUBSET")
    }
}
