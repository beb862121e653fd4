/// The tables of the mock legacy PAS, in extract order; the raw value indexes the generator's writers.
///
/// Names follow PAS habit (UPPER_CASE, terse). Reference tables come first so a loader can resolve foreign keys
/// in one pass; patient tables follow, parents before children.
enum PASTable: Int, CaseIterable, Sendable {
    case organisation, site, specialty, consultant, ward, gpPractice, clinicSession
    case patientMaster, patientAlias, patientAddress, patientContact, nextOfKin, gpRegistration
    case patientAlert, patientAllergy, mergeHistory, consentPreference
    case referral, rttClock, rttEvent, waitingList, wlSuspension, tciOffer
    case appointmentSlot, opAppointment, opCancellation
    case ipSpell, consultantEpisode, wardStay, criticalCarePeriod, theatreCase, diagnosis, procedure
    case clinicalDocument

    /// Table (and file) name.
    var name: String {
        switch self {
        case .organisation: "ORGANISATION"
        case .site: "SITE"
        case .specialty: "SPECIALTY"
        case .consultant: "CONSULTANT"
        case .ward: "WARD"
        case .gpPractice: "GP_PRACTICE"
        case .clinicSession: "CLINIC_SESSION"
        case .patientMaster: "PATIENT_MASTER"
        case .patientAlias: "PATIENT_ALIAS"
        case .patientAddress: "PATIENT_ADDRESS"
        case .patientContact: "PATIENT_CONTACT"
        case .nextOfKin: "NEXT_OF_KIN"
        case .gpRegistration: "GP_REGISTRATION"
        case .patientAlert: "PATIENT_ALERT"
        case .patientAllergy: "PATIENT_ALLERGY"
        case .mergeHistory: "MERGE_HISTORY"
        case .consentPreference: "CONSENT_PREFERENCE"
        case .referral: "REFERRAL"
        case .rttClock: "RTT_CLOCK"
        case .rttEvent: "RTT_EVENT"
        case .waitingList: "WAITING_LIST"
        case .wlSuspension: "WL_SUSPENSION"
        case .tciOffer: "TCI_OFFER"
        case .appointmentSlot: "APPOINTMENT_SLOT"
        case .opAppointment: "OP_APPOINTMENT"
        case .opCancellation: "OP_CANCELLATION"
        case .ipSpell: "IP_SPELL"
        case .consultantEpisode: "CONSULTANT_EPISODE"
        case .wardStay: "WARD_STAY"
        case .criticalCarePeriod: "CRITICAL_CARE_PERIOD"
        case .theatreCase: "THEATRE_CASE"
        case .diagnosis: "DIAGNOSIS"
        case .procedure: "PROCEDURE"
        case .clinicalDocument: "CLINICAL_DOCUMENT"
        }
    }

    /// The table as data, for `SourceModel.mockPAS`.
    var definition: SourceTable {
        let (summary, columns) =
            referenceDefinition ?? patientDefinition ?? pathwayDefinition ?? activityDefinition ?? ("", [])
        return SourceTable(name: name, summary: summary, columns: columns)
    }
}
