extension MockPASRun {
    /// Writes one patient and everything recorded about them, then any defect records planned for them.
    func writePatient(trap: PlannedTrap?, defect: PlannedDefect?) throws(MockPASError) {
        var patient = makePatient(adult: defect == .futureAppointmentForDeceased)
        if defect == .futureAppointmentForDeceased {
            // Died one to ten months ago, so a booking "next month" is plainly wrong.
            let death = max(patient.birthDay + 2, referenceDay - 30 - random.below(270))
            patient.deathDay = death
            patient.lastActivityDay = death
        }
        let nhsNumber = nhsNumbers.next()
        let status = nhsNumber == nil ? "03" : (random.chance(0.92) ? "01" : "02")
        var gender: String? = nil
        var marital: String? = nil
        switch trap {
        case .genderIdentity3: gender = "3"
        case .genderIdentity4: gender = "4"
        case .genderIdentityZ: gender = "Z"
        case .maritalUnknown: marital = "UNK"
        default: break
        }
        try writeMaster(patient, nhsNumber: nhsNumber, status: status, genderIdentity: gender, marital: marital)
        try writePersonalRecords(patient)

        let referrals = [0, 0, 0, 1, 1, 1, 1, 2, 2, 3][random.below(10)]
        for _ in 0..<referrals { try writeReferral(patient, futureAppointmentAfterDeath: false) }
        if defect == .futureAppointmentForDeceased {
            try writeReferral(patient, futureAppointmentAfterDeath: true)
        }
        let emergencies = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2][random.below(20)]
        for _ in 0..<emergencies { _ = try writeEmergencySpell(patient, tweak: nil) }
        if let tweak = SpellTweak(trap: trap, defect: defect, ordinal: defectOrdinal) {
            _ = try writeEmergencySpell(patient, tweak: tweak)
        }
        if let defect {
            try writeDefectRecords(defect, for: patient, nhsNumber: nhsNumber)
            defectOrdinal += 1
        }
    }

    /// Draws demographics; `adult` forces 18 or over.
    func makePatient(adult: Bool) -> SyntheticPatient {
        let band = random.below(100)
        let age: Int
        if band < 20 && !adult {
            age = random.below(16)
        } else if band < 70 {
            age = 18 + random.below(47)
        } else {
            age = 65 + random.below(36)
        }
        let birthDay = referenceDay - age * 365 - age / 4 - random.below(365)
        var deathDay: Int? = nil
        if age >= 1 && random.chance(0.025) {
            deathDay = referenceDay - 1 - random.below(min(Self.historyDays, referenceDay - birthDay - 2))
        }
        let firstActivity = max(birthDay, referenceDay - Self.historyDays)
        let sex = SyntheticVocabulary.legacySex.pick(&random)
        let practice: String? = random.chance(0.98) ? random.pick(openPractices) : nil
        return SyntheticPatient(
            internalNo: newID(.patientMaster), sex: sex, age: age, birthDay: birthDay, deathDay: deathDay,
            surname: surname(), forename: forename(sex: sex), practice: practice,
            registeredDay: day(from: birthDay, to: firstActivity), firstActivityDay: firstActivity,
            lastActivityDay: deathDay ?? referenceDay)
    }

    /// Writes the `PATIENT_MASTER` row. `genderIdentity`/`marital` override the drawn values (planned traps).
    func writeMaster(
        _ patient: SyntheticPatient, nhsNumber: String?, status: String, genderIdentity: String?, marital: String?
    ) throws(MockPASError) {
        let row = writer(.patientMaster)
        row.int(patient.internalNo)
        row.text("H" + zeroPadded(patient.internalNo, width: 8))
        row.optional(nhsNumber)
        row.text(status)
        row.optional(title(for: patient))
        row.text(patient.surname)
        row.text(random.chance(0.3) ? patient.forename + " " + forename(sex: patient.sex) : patient.forename)
        row.date(patient.birthDay)
        row.date(patient.deathDay)
        row.text(patient.sex)
        if let genderIdentity {
            row.text(genderIdentity)
        } else if random.chance(0.3) {
            // Recorded for a minority only; when it is, it mostly agrees with the legacy sex code.
            row.text(patient.sex == "1" || patient.sex == "2" ? (random.chance(0.97) ? patient.sex : "X") : "X")
        } else {
            row.empty()
        }
        row.text(SyntheticVocabulary.ethnicity.pick(&random))
        if let marital {
            row.text(marital)
        } else {
            row.optional(patient.age >= 16 ? SyntheticVocabulary.adultMarital.pick(&random) : nil)
        }
        row.optional(patient.practice)
        row.date(patient.registeredDay)
        row.dateTime(at(day(from: patient.firstActivityDay, to: patient.lastActivityDay), random.below(1440)))
        try row.endRow()
    }

    private func title(for patient: SyntheticPatient) -> String? {
        if patient.isChild { return random.chance(0.7) ? nil : (patient.isFemale ? "Miss" : "Master") }
        switch patient.sex {
        case "1": return random.chance(0.03) ? "Dr" : "Mr"
        case "2": return random.pick(["Mrs", "Ms", "Miss", "Mrs", "Dr"])
        default: return random.chance(0.5) ? "Mx" : nil
        }
    }
}
