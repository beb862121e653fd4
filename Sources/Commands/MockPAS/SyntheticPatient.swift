/// The facts about one generated patient that their child records must agree with.
struct SyntheticPatient {
    /// `PATIENT_MASTER.INTERNAL_NO`.
    let internalNo: Int
    /// Legacy sex code 0/1/2/9.
    let sex: String
    /// Age in whole years at the reference date.
    let age: Int
    /// Date of birth (day number).
    let birthDay: Int
    /// Date of death, if deceased.
    var deathDay: Int?
    /// Surname and first forename, reused for contacts.
    let surname: String
    let forename: String
    /// Current GP practice code, if registered.
    let practice: String?
    /// Day the patient was first registered at the trust.
    let registeredDay: Int
    /// First and last day on which activity can be recorded: inside the extract window, after birth, not after
    /// death, not after the reference date.
    var firstActivityDay: Int
    var lastActivityDay: Int

    /// Alive at the reference date.
    var isAlive: Bool { deathDay == nil }
    /// Legacy sex code for female.
    var isFemale: Bool { sex == "2" }
    /// Under 16 at the reference date.
    var isChild: Bool { age < 16 }
}
