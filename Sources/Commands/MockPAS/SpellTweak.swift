/// Planned changes to one spell: a trap code or a defect the spell must carry.
struct SpellTweak {
    /// Admission method to write instead of the drawn one (`28` trap, `27` unknown code).
    var admissionMethod: String?
    /// Discharge method to write instead of the drawn one (`2` trap).
    var dischargeMethod: String?
    /// Discharge destination to write instead of the drawn one (`00` unknown code).
    var dischargeDestination: String?
    /// Write a discharge time one to three days before the admission.
    var dischargeBeforeAdmission = false

    /// The tweak a patient's trap and defect call for, or nil when neither concerns a spell. `ordinal` (the defect's
    /// position in the run) alternates between the two unknown-code variants.
    init?(trap: PlannedTrap?, defect: PlannedDefect?, ordinal: Int) {
        switch trap {
        case .dischargeMethod2: dischargeMethod = "2"
        case .admissionMethod28: admissionMethod = "28"
        default: break
        }
        switch defect {
        case .dischargeBeforeAdmission:
            dischargeBeforeAdmission = true
        case .unknownCode:
            if (ordinal / PlannedDefect.allCases.count) % 2 == 0 {
                admissionMethod = "27"
            } else {
                dischargeDestination = "00"
            }
        default:
            break
        }
        if admissionMethod == nil && dischargeMethod == nil && dischargeDestination == nil && !dischargeBeforeAdmission
        {
            return nil
        }
    }
}

/// What a spell is to look like before its rows are written.
struct SpellPlan {
    /// Admission time (minutes since 1970) and planned length in minutes.
    var admitMinute: Int
    var lengthMinutes: Int
    /// Waiting-list entry it came from (elective), if any.
    var waitingListID: Int?
    var admissionMethod: String
    var admissionSource: String
    var patientClass: String
    /// Specialty index and consultant of the first episode.
    var specialty: Int
    var consultant: String
    /// OPCS-4 code planned on the waiting list, performed in the first episode.
    var plannedProcedure: String?
    /// Ward of admission.
    var firstWard: String
    /// Whether the spell may take critical care.
    var emergency: Bool
    /// Trap or defect to carry; a tweaked spell is always discharged (its discharge fields are the point).
    var tweak: SpellTweak?
}
