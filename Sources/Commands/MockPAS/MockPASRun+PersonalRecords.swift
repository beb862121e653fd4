extension MockPASRun {
    /// Aliases, addresses, contacts, next of kin, GP registrations, alerts, allergies, merges and consents.
    func writePersonalRecords(_ patient: SyntheticPatient) throws(MockPASError) {
        try writeAliases(patient)
        try writeAddresses(patient)
        try writeContacts(patient)
        try writeNextOfKin(patient)
        try writeRegistrations(patient)
        try writeAlertsAndAllergies(patient)
        try writeMergesAndConsents(patient)
    }

    private func writeAliases(_ patient: SyntheticPatient) throws(MockPASError) {
        let table = writer(.patientAlias)
        if !patient.isChild && random.chance(0.10) {
            table.int(newID(.patientAlias))
            table.int(patient.internalNo)
            table.text("PREVIOUS")
            table.text(surname())
            table.text(patient.forename)
            table.date(patient.birthDay)
            table.date(day(from: patient.birthDay + 16 * 365, to: patient.registeredDay))
            try table.endRow()
        }
        if random.chance(0.03) {
            table.int(newID(.patientAlias))
            table.int(patient.internalNo)
            table.text("PREFERRED")
            table.text(patient.surname)
            table.text(forename(sex: patient.sex))
            table.empty()
            table.empty()
            try table.endRow()
        }
    }

    private func writeAddresses(_ patient: SyntheticPatient) throws(MockPASError) {
        let currentFrom = day(from: patient.registeredDay, to: patient.lastActivityDay)
        if currentFrom > patient.registeredDay && random.chance(0.3) {
            try writeAddress(patient.internalNo, type: "HOME", from: patient.registeredDay, to: currentFrom - 1)
        }
        try writeAddress(patient.internalNo, type: "HOME", from: currentFrom, to: nil)
        if random.chance(0.05) {
            try writeAddress(patient.internalNo, type: "CORRESPONDENCE", from: currentFrom, to: nil)
        }
    }

    /// One address row; also used for the orphan-reference defect.
    func writeAddress(_ internalNo: Int, type: String, from: Int, to: Int?) throws(MockPASError) {
        let table = writer(.patientAddress)
        table.int(newID(.patientAddress))
        table.int(internalNo)
        table.text(type)
        table.text(streetAddress())
        // A comma inside a field is what legacy address lines look like; the CSV must quote it.
        table.optional(random.chance(0.2) ? "Flat \(1 + random.below(30)), \(surname()) Court" : nil)
        table.text(random.pick(SyntheticVocabulary.towns))
        table.optional(random.chance(0.7) ? random.pick(SyntheticVocabulary.counties) : nil)
        table.text(postcode())
        table.date(from)
        table.date(to)
        try table.endRow()
    }

    private func writeContacts(_ patient: SyntheticPatient) throws(MockPASError) {
        let table = writer(.patientContact)
        var preferredGiven = false
        for (type, probability) in [("MOBILE", 0.7), ("HOME_PHONE", 0.4), ("EMAIL", 0.25)]
        where random.chance(probability) {
            table.int(newID(.patientContact))
            table.int(patient.internalNo)
            table.text(type)
            switch type {
            case "MOBILE": table.text(mobile())
            case "HOME_PHONE": table.text(landline())
            default:
                let local = (patient.forename + "." + patient.surname).lowercased().filter { $0.isLetter || $0 == "." }
                table.text(local + "\(patient.internalNo % 97)@example.com")
            }
            table.text(preferredGiven ? "N" : "Y")
            preferredGiven = true
            table.date(day(from: patient.registeredDay, to: patient.lastActivityDay))
            try table.endRow()
        }
    }

    private func writeNextOfKin(_ patient: SyntheticPatient) throws(MockPASError) {
        let table = writer(.nextOfKin)
        let count = patient.isChild ? 1 + random.below(2) : (random.chance(0.6) ? (random.chance(0.15) ? 2 : 1) : 0)
        for index in 0..<count {
            table.int(newID(.nextOfKin))
            table.int(patient.internalNo)
            let relationship =
                patient.isChild ? (index == 0 ? "MOTHER" : "FATHER") : random.pick(SyntheticVocabulary.relationships)
            table.text(relationship)
            table.text(patient.isChild ? patient.surname : surname())
            table.text(forename(sex: relationship == "MOTHER" ? "2" : (relationship == "FATHER" ? "1" : "0")))
            table.optional(random.chance(0.9) ? mobile() : nil)
            let sameHouse = random.chance(0.5)
            table.optional(sameHouse ? nil : streetAddress())
            table.optional(sameHouse ? nil : postcode())
            table.text(index == 0 ? "Y" : "N")
            try table.endRow()
        }
    }

    private func writeRegistrations(_ patient: SyntheticPatient) throws(MockPASError) {
        let table = writer(.gpRegistration)
        let currentFrom = day(from: patient.birthDay, to: patient.lastActivityDay)
        if currentFrom > patient.birthDay + 1 && random.chance(0.2) {
            let previous = random.chance(0.5) ? random.pick(closedPractices) : random.pick(openPractices)
            try writeRegistration(
                table, patient, practice: previous, from: day(from: patient.birthDay, to: currentFrom - 1),
                to: currentFrom - 1)
        }
        if let practice = patient.practice {
            try writeRegistration(table, patient, practice: practice, from: currentFrom, to: nil)
        }
    }

    private func writeRegistration(
        _ table: MockCSVWriter, _ patient: SyntheticPatient, practice: String, from: Int, to: Int?
    ) throws(MockPASError) {
        table.int(newID(.gpRegistration))
        table.int(patient.internalNo)
        table.text(practice)
        table.text("G9" + zeroPadded(random.below(100_000), width: 5))
        table.date(from)
        table.date(to)
        try table.endRow()
    }

    private func writeAlertsAndAllergies(_ patient: SyntheticPatient) throws(MockPASError) {
        let alerts = writer(.patientAlert)
        for _ in 0..<(random.chance(0.12) ? 1 + random.below(2) : 0) {
            let (type, text) = random.pick(SyntheticVocabulary.alerts)
            let raised = day(from: patient.registeredDay, to: patient.lastActivityDay)
            alerts.int(newID(.patientAlert))
            alerts.int(patient.internalNo)
            alerts.text(type)
            alerts.text(text)
            alerts.date(raised)
            alerts.date(random.chance(0.2) ? day(from: raised, to: patient.lastActivityDay) : nil)
            alerts.text("USER" + zeroPadded(random.below(500), width: 3))
            try alerts.endRow()
        }
        let allergies = writer(.patientAllergy)
        var used = Set<Int>()
        for _ in 0..<(random.chance(0.2) ? 1 + random.below(3) : 0) {
            let index = random.below(SyntheticVocabulary.allergens.count)
            guard used.insert(index).inserted else { continue }
            let (allergen, reaction) = SyntheticVocabulary.allergens[index]
            allergies.int(newID(.patientAllergy))
            allergies.int(patient.internalNo)
            allergies.text(allergen)
            allergies.optional(reaction)
            allergies.text(random.pick(["MILD", "MODERATE", "SEVERE"]))
            allergies.date(day(from: patient.registeredDay, to: patient.lastActivityDay))
            allergies.text(random.chance(0.9) ? "ACTIVE" : "RESOLVED")
            try allergies.endRow()
        }
    }

    private func writeMergesAndConsents(_ patient: SyntheticPatient) throws(MockPASError) {
        if random.chance(0.02) {
            let merges = writer(.mergeHistory)
            let id = newID(.mergeHistory)
            merges.int(id)
            merges.int(patient.internalNo)
            // Merged-away numbers use the H9… series, which live patient numbers never reach.
            merges.text("H9" + zeroPadded(id, width: 7))
            merges.dateTime(at(day(from: patient.registeredDay, to: patient.lastActivityDay), random.below(1440)))
            merges.text("USER" + zeroPadded(random.below(500), width: 3))
            merges.text(random.pick(["Duplicate registration", "Duplicate created in ED", "Newborn record merge"]))
            try merges.endRow()
        }
        let consents = writer(.consentPreference)
        let count = random.chance(0.5) ? 1 + random.below(3) : 0
        let first = random.below(SyntheticVocabulary.consentTypes.count)
        for offset in 0..<count {
            let recorded = day(from: patient.registeredDay, to: patient.lastActivityDay)
            consents.int(newID(.consentPreference))
            consents.int(patient.internalNo)
            consents.text(
                SyntheticVocabulary.consentTypes[(first + offset) % SyntheticVocabulary.consentTypes.count])
            consents.text(random.chance(0.8) ? "Y" : "N")
            consents.date(recorded)
            consents.text("USER" + zeroPadded(random.below(500), width: 3))
            consents.date(random.chance(0.1) ? recorded + 365 * 2 : nil)
            try consents.endRow()
        }
    }
}
