/// Legacy values that real PAS data holds and the crosswalk must reject. They are planned, not left to chance, so
/// that every run with at least ten patients contains them (a run that never meets a trap proves nothing).
enum PlannedTrap: Int, CaseIterable, Sendable {
    /// Discharge method 2, retired 2022-23 (split into 6 and 7).
    case dischargeMethod2
    /// Admission method 28, superseded by 2A–2D.
    case admissionMethod28
    /// Gender identity 3 (non-binary): no published map to FHIR administrative gender.
    case genderIdentity3
    /// Gender identity 4 (other).
    case genderIdentity4
    /// Gender identity Z (not stated).
    case genderIdentityZ
    /// HL7 marital status UNK, whose published map to N is questionable.
    case maritalUnknown

    /// How many patients carry a trap: one in 25, at least one from ten patients up.
    static func count(forRows rows: Int) -> Int {
        rows >= 10 ? max(1, rows / 25) : 0
    }
}

/// Defects injected at `defectRate`: the data-quality faults a real extract has, for the quality step to find.
///
/// Defects that would make a patient unmigratable (bad or duplicate NHS numbers) are written as *extra* patient
/// records, so the `rows` patients asked for stay clean enough to migrate; the others sit on child rows.
enum PlannedDefect: Int, CaseIterable, Sendable {
    /// An extra patient whose NHS number has a wrong check digit.
    case badCheckDigit
    /// A spell discharged before it was admitted.
    case dischargeBeforeAdmission
    /// A child row whose parent does not exist (address of a missing patient, episode of a missing spell).
    case orphanReference
    /// An extra patient with the placeholder NHS number 0000000000.
    case placeholderNHSNumber
    /// A deceased patient with an appointment booked after today.
    case futureAppointmentForDeceased
    /// An extra patient sharing another patient's NHS number.
    case duplicateNHSNumber
    /// A code that is in no code set (admission method 27, discharge destination 00).
    case unknownCode

    /// How many patients carry a defect: `rows · defectRate` rounded, at least one when the rate is positive.
    static func count(forRows rows: Int, rate: Double) -> Int {
        guard rate > 0, rows > 0 else { return 0 }
        return min(rows, max(1, Int((Double(rows) * rate).rounded())))
    }
}

/// Picks exactly `count` of `total` items in one pass with no memory (Knuth's selection sampling, Algorithm S):
/// item i is chosen with probability (still needed) / (still left).
struct SelectionSampler {
    private var needed: Int
    private var remaining: Int
    private var random: SeededRandom

    /// Chooses `count` of `total`, drawing from `random`.
    init(choosing count: Int, of total: Int, random: SeededRandom) {
        needed = min(count, total)
        remaining = total
        self.random = random
    }

    /// Whether the next item is chosen.
    mutating func next() -> Bool {
        guard remaining > 0 else { return false }
        defer { remaining -= 1 }
        guard needed > 0, random.below(remaining) < needed else { return false }
        needed -= 1
        return true
    }
}
