extension PASTable {
    /// Referral-to-treatment pathway and outpatient tables.
    var pathwayDefinition: (String, [SourceColumn])? {
        let patient = SourceColumn.ref("INTERNAL_NO", "PATIENT_MASTER.INTERNAL_NO")
        let consultant = SourceColumn.ref("CONS_CODE", "CONSULTANT.CONS_CODE", type: .string)
        switch self {
        case .referral:
            return (
                "A referral received by a specialty.",
                [
                    .key("REFERRAL_ID"), patient, .plain("REFERRAL_DATE", .date), .plain("RECEIVED_DATE", .date),
                    .code("SOURCE_OF_REFERRAL", "SOURCE_OF_REFERRAL_FOR_OUT_PATIENTS"),
                    .code("PRIORITY", "PRIORITY_TYPE"), specialtyReference("SPEC_CODE"), consultant,
                    .ref("REFERRING_PRACTICE", "GP_PRACTICE.PRACTICE_CODE", type: .string, nullable: true),
                    .plain("REFERRAL_REASON", .string), .plain("REFERRAL_STATUS", .string),
                    .plain("CLOSED_DATE", .date, nullable: true),
                ]
            )
        case .rttClock:
            return (
                "An 18-week referral-to-treatment clock for a referral.",
                [
                    .key("RTT_ID"), .ref("REFERRAL_ID", "REFERRAL.REFERRAL_ID"), .plain("PATHWAY_ID", .string),
                    .plain("CLOCK_START", .date), .plain("CLOCK_STOP", .date, nullable: true),
                    .plain("CLOCK_STATUS", .string),
                ]
            )
        case .rttEvent:
            return (
                "An event on an RTT clock (RTT period status as the PAS recorded it).",
                [
                    .key("RTT_EVENT_ID"), .ref("RTT_ID", "RTT_CLOCK.RTT_ID"), .plain("EVENT_DATE", .date),
                    .plain("RTT_STATUS", .string), .plain("EVENT_SOURCE", .string),
                ]
            )
        case .waitingList:
            return (
                "An inpatient or day-case waiting-list entry.",
                [
                    .key("WL_ID"), patient, .ref("REFERRAL_ID", "REFERRAL.REFERRAL_ID"),
                    specialtyReference("SPEC_CODE"), consultant, .plain("DATE_ON_LIST", .date),
                    .plain("INTENDED_MANAGEMENT", .string), .code("PRIORITY", "PRIORITY_TYPE"),
                    .plain("PLANNED_PROCEDURE", .string, nullable: true), .plain("WL_STATUS", .string),
                    .plain("REMOVAL_DATE", .date, nullable: true), .plain("REMOVAL_REASON", .string, nullable: true),
                ]
            )
        case .wlSuspension:
            return (
                "A period a waiting-list entry was suspended.",
                [
                    .key("SUSPENSION_ID"), .ref("WL_ID", "WAITING_LIST.WL_ID"), .plain("START_DATE", .date),
                    .plain("END_DATE", .date, nullable: true), .plain("REASON", .string),
                ]
            )
        case .tciOffer:
            return (
                "A to-come-in date offered for a waiting-list entry.",
                [
                    .key("TCI_ID"), .ref("WL_ID", "WAITING_LIST.WL_ID"), .plain("OFFER_DATE", .date),
                    .plain("TCI_DATE", .date), .ref("WARD_CODE", "WARD.WARD_CODE", type: .string),
                    .plain("OFFER_OUTCOME", .string),
                ]
            )
        case .appointmentSlot:
            return (
                "A bookable slot in a clinic session.",
                [
                    .key("SLOT_ID"), .ref("SESSION_ID", "CLINIC_SESSION.SESSION_ID"), .plain("SLOT_START", .datetime),
                    .plain("DURATION_MIN", .integer), .plain("SLOT_TYPE", .string), .plain("SLOT_STATUS", .string),
                ]
            )
        case .opAppointment:
            return (
                "An outpatient appointment booked into a slot, with attendance and outcome.",
                [
                    .key("APPT_ID"), patient, .ref("REFERRAL_ID", "REFERRAL.REFERRAL_ID"),
                    .ref("SLOT_ID", "APPOINTMENT_SLOT.SLOT_ID"), .plain("APPT_DATETIME", .datetime),
                    .plain("APPT_TYPE", .string), specialtyReference("SPEC_CODE"), consultant,
                    .plain("BOOKED_DATE", .date), .code("ATTENDANCE", "ATTENDED_OR_DID_NOT_ATTEND"),
                    .code("OUTCOME", "OUTCOME_OF_ATTENDANCE", nullable: true), .code("PRIORITY", "PRIORITY_TYPE"),
                ]
            )
        case .opCancellation:
            return (
                "Who cancelled an appointment, when and why.",
                [
                    .key("CANCEL_ID"), .ref("APPT_ID", "OP_APPOINTMENT.APPT_ID"), .plain("CANCELLED_DATE", .date),
                    .plain("CANCELLED_BY", .string), .plain("CANCEL_REASON", .string),
                ]
            )
        default:
            return nil
        }
    }
}
