extension PASTable {
    /// The patient and the facts hanging directly off the patient.
    var patientDefinition: (String, [SourceColumn])? {
        let patient = SourceColumn.ref("INTERNAL_NO", "PATIENT_MASTER.INTERNAL_NO")
        switch self {
        case .patientMaster:
            return (
                "A patient registered with the trust.",
                [
                    .key("INTERNAL_NO"), .plain("HOSPITAL_NO", .string), .plain("NHS_NO", .string, nullable: true),
                    .code("NHS_NO_STATUS", "NHS_NUMBER_STATUS_INDICATOR"), .plain("TITLE", .string, nullable: true),
                    .plain("SURNAME", .string), .plain("FORENAMES", .string), .plain("DOB", .date),
                    .plain("DOD", .date, nullable: true), .code("SEX", "PERSON_GENDER_CODE_LEGACY"),
                    .code("GENDER_IDENTITY", "GENDER_IDENTITY_CODE", nullable: true),
                    .code("ETHNIC", "ETHNIC_CATEGORY_2001"), .code("MARITAL", "HL7_V3_MARITAL_STATUS", nullable: true),
                    .ref("GP_PRACTICE", "GP_PRACTICE.PRACTICE_CODE", type: .string, nullable: true),
                    .plain("REGISTERED_DATE", .date), .plain("LAST_UPDATED", .datetime),
                ]
            )
        case .patientAlias:
            return (
                "Another name the patient is or was known by.",
                [
                    .key("ALIAS_ID"), patient, .plain("ALIAS_TYPE", .string), .plain("SURNAME", .string),
                    .plain("FORENAMES", .string, nullable: true), .plain("VALID_FROM", .date, nullable: true),
                    .plain("VALID_TO", .date, nullable: true),
                ]
            )
        case .patientAddress:
            return (
                "A current or previous address.",
                [
                    .key("ADDRESS_ID"), patient, .plain("ADDRESS_TYPE", .string), .plain("LINE1", .string),
                    .plain("LINE2", .string, nullable: true), .plain("TOWN", .string),
                    .plain("COUNTY", .string, nullable: true), .plain("POSTCODE", .string),
                    .plain("VALID_FROM", .date), .plain("VALID_TO", .date, nullable: true),
                ]
            )
        case .patientContact:
            return (
                "A telephone number or e-mail address.",
                [
                    .key("CONTACT_ID"), patient, .plain("CONTACT_TYPE", .string), .plain("CONTACT_VALUE", .string),
                    .plain("PREFERRED", .string), .plain("VALID_FROM", .date),
                ]
            )
        case .nextOfKin:
            return (
                "A next of kin or emergency contact.",
                [
                    .key("NOK_ID"), patient, .plain("RELATIONSHIP", .string), .plain("SURNAME", .string),
                    .plain("FORENAMES", .string), .plain("PHONE", .string, nullable: true),
                    .plain("ADDRESS_LINE1", .string, nullable: true), .plain("POSTCODE", .string, nullable: true),
                    .plain("EMERGENCY_CONTACT", .string),
                ]
            )
        case .gpRegistration:
            return (
                "A period of registration with a GP practice.",
                [
                    .key("GP_REG_ID"), patient, .ref("PRACTICE_CODE", "GP_PRACTICE.PRACTICE_CODE", type: .string),
                    .plain("GP_CODE", .string), .plain("REG_FROM", .date), .plain("REG_TO", .date, nullable: true),
                ]
            )
        case .patientAlert:
            return (
                "A clinical or safety alert on the record.",
                [
                    .key("ALERT_ID"), patient, .plain("ALERT_TYPE", .string), .plain("ALERT_TEXT", .string),
                    .plain("RAISED_DATE", .date), .plain("CLOSED_DATE", .date, nullable: true),
                    .plain("RAISED_BY", .string),
                ]
            )
        case .patientAllergy:
            return (
                "A recorded allergy or adverse reaction.",
                [
                    .key("ALLERGY_ID"), patient, .plain("ALLERGEN", .string),
                    .plain("REACTION", .string, nullable: true), .plain("SEVERITY", .string),
                    .plain("RECORDED_DATE", .date), .plain("ALLERGY_STATUS", .string),
                ]
            )
        case .mergeHistory:
            return (
                "A duplicate record merged into this patient; the merged record no longer exists.",
                [
                    .key("MERGE_ID"), patient, .plain("MERGED_HOSPITAL_NO", .string),
                    .plain("MERGE_DATE", .datetime), .plain("MERGED_BY", .string), .plain("REASON", .string),
                ]
            )
        case .consentPreference:
            return (
                "A consent or communication preference.",
                [
                    .key("CONSENT_ID"), patient, .plain("CONSENT_TYPE", .string), .plain("CONSENT_GIVEN", .string),
                    .plain("RECORDED_DATE", .date), .plain("RECORDED_BY", .string),
                    .plain("EXPIRY_DATE", .date, nullable: true),
                ]
            )
        default:
            return nil
        }
    }
}
