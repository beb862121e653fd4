extension PASTable {
    /// Inpatient activity and clinical documents.
    var activityDefinition: (String, [SourceColumn])? {
        let spell = SourceColumn.ref("SPELL_ID", "IP_SPELL.SPELL_ID")
        let episode = SourceColumn.ref("EPISODE_ID", "CONSULTANT_EPISODE.EPISODE_ID")
        let ward = SourceColumn.ref("WARD_CODE", "WARD.WARD_CODE", type: .string)
        switch self {
        case .ipSpell:
            return (
                "A hospital provider spell (admission to discharge).",
                [
                    .key("SPELL_ID"), .ref("INTERNAL_NO", "PATIENT_MASTER.INTERNAL_NO"), .plain("SPELL_NO", .string),
                    .ref("WL_ID", "WAITING_LIST.WL_ID", nullable: true),
                    .ref("SITE_CODE", "SITE.SITE_CODE", type: .string), .plain("ADMIT_DATETIME", .datetime),
                    .code("ADMIT_METHOD", "ADMISSION_METHOD"), .code("ADMIT_SOURCE", "SOURCE_OF_ADMISSION"),
                    .code("PATIENT_CLASS", "PATIENT_CLASSIFICATION"),
                    .code("ADMIN_CATEGORY", "ADMINISTRATIVE_CATEGORY"),
                    .plain("DISCH_DATETIME", .datetime, nullable: true),
                    .code("DISCH_METHOD", "DISCHARGE_METHOD", nullable: true),
                    .code("DISCH_DEST", "DISCHARGE_DESTINATION", nullable: true),
                ]
            )
        case .consultantEpisode:
            return (
                "A consultant episode within a spell.",
                [
                    .key("EPISODE_ID"), spell, .plain("EPISODE_NO", .integer),
                    .ref("CONS_CODE", "CONSULTANT.CONS_CODE", type: .string), specialtyReference("SPEC_CODE"),
                    .plain("START_DATETIME", .datetime), .plain("END_DATETIME", .datetime, nullable: true),
                ]
            )
        case .wardStay:
            return (
                "A stay on one ward during a spell.",
                [
                    .key("WARD_STAY_ID"), spell, ward, .plain("START_DATETIME", .datetime),
                    .plain("END_DATETIME", .datetime, nullable: true),
                ]
            )
        case .criticalCarePeriod:
            return (
                "A period of critical care during a spell.",
                [
                    .key("CC_ID"), spell, ward, .plain("START_DATETIME", .datetime),
                    .plain("END_DATETIME", .datetime, nullable: true), .plain("CC_LEVEL", .integer),
                    .plain("ORGANS_SUPPORTED", .integer),
                ]
            )
        case .theatreCase:
            return (
                "An operation in theatre during an episode.",
                [
                    .key("CASE_ID"), episode, .plain("THEATRE_CODE", .string),
                    .ref("SURGEON_CODE", "CONSULTANT.CONS_CODE", type: .string), .plain("PROCEDURE_CODE", .string),
                    .plain("ANAESTHETIC_TYPE", .string), .plain("ASA_GRADE", .integer), .plain("WEIGHT_KG", .decimal),
                    .plain("IN_THEATRE", .datetime), .plain("OUT_THEATRE", .datetime),
                ]
            )
        case .diagnosis:
            return (
                "A diagnosis coded in ICD-10 for an episode.",
                [
                    .key("DIAG_ID"), episode, .plain("DIAG_SEQ", .integer), .plain("ICD10_CODE", .string),
                    .plain("DIAG_TYPE", .string),
                ]
            )
        case .procedure:
            return (
                "A procedure coded in OPCS-4 for an episode.",
                [
                    .key("PROC_ID"), episode, .plain("PROC_SEQ", .integer), .plain("OPCS4_CODE", .string),
                    .plain("PROC_DATE", .date),
                ]
            )
        case .clinicalDocument:
            return (
                "Metadata of a clinical document (letters, summaries); the content stays in the document store.",
                [
                    .key("DOC_ID"), .ref("INTERNAL_NO", "PATIENT_MASTER.INTERNAL_NO"),
                    .ref("SPELL_ID", "IP_SPELL.SPELL_ID", nullable: true),
                    .ref("APPT_ID", "OP_APPOINTMENT.APPT_ID", nullable: true),
                    .ref("REFERRAL_ID", "REFERRAL.REFERRAL_ID", nullable: true), .plain("DOC_TYPE", .string),
                    .plain("DOC_TITLE", .string), .ref("AUTHOR_CODE", "CONSULTANT.CONS_CODE", type: .string),
                    .plain("CREATED_DATETIME", .datetime), .plain("MIME_TYPE", .string),
                    .plain("STORAGE_REF", .string), .plain("SIZE_BYTES", .integer),
                ]
            )
        default:
            return nil
        }
    }
}
