extension MockPASRun {
    /// Writes the extra records a defect needs. Spell and appointment defects were already written with the patient.
    func writeDefectRecords(_ defect: PlannedDefect, for patient: SyntheticPatient, nhsNumber: String?)
        throws(MockPASError)
    {
        switch defect {
        case .badCheckDigit:
            try writeExtraPatient(nhsNumber: nhsNumbers.nextWithWrongCheckDigit(by: 1 + random.below(9)))
        case .placeholderNHSNumber:
            try writeExtraPatient(nhsNumber: "0000000000")
        case .duplicateNHSNumber:
            // A second registration of "someone else" under this patient's number, as a PAS merge would miss it.
            try writeExtraPatient(nhsNumber: nhsNumber)
        case .orphanReference:
            try writeOrphan(for: patient)
        case .dischargeBeforeAdmission, .futureAppointmentForDeceased, .unknownCode:
            break
        }
    }

    /// A patient record on its own (plus a home address), carrying a patient-level defect.
    private func writeExtraPatient(nhsNumber: String?) throws(MockPASError) {
        let patient = makePatient(adult: true)
        try writeMaster(patient, nhsNumber: nhsNumber, status: "02", genderIdentity: nil, marital: nil)
        try writeAddress(patient.internalNo, type: "HOME", from: patient.registeredDay, to: nil)
    }

    /// A child row whose parent key is skipped, as if the parent had been hard-deleted in the legacy system.
    private func writeOrphan(for patient: SyntheticPatient) throws(MockPASError) {
        if (defectOrdinal / PlannedDefect.allCases.count) % 2 == 0 {
            let missingPatient = newID(.patientMaster)
            try writeAddress(missingPatient, type: "HOME", from: patient.registeredDay, to: nil)
        } else {
            let missingSpell = newID(.ipSpell)
            let start = at(day(from: patient.firstActivityDay, to: patient.lastActivityDay), random.below(1440))
            let specialty = SyntheticSpecialties.index(of: "300")
            let episodes = writer(.consultantEpisode)
            episodes.int(newID(.consultantEpisode))
            episodes.int(missingSpell)
            episodes.int(1)
            episodes.text(consultants[specialty][0])
            episodes.text("300")
            episodes.dateTime(start)
            episodes.dateTime(start + 1440 * (1 + random.below(5)))
            try episodes.endRow()
        }
    }
}
