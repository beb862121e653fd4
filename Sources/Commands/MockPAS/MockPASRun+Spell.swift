extension MockPASRun {
    /// Medical specialties later episodes are handed to.
    private static let medicalSpecialties = ["300", "326", "430", "320", "340", "301", "328"].map(
        SyntheticSpecialties.index(of:))

    /// An unplanned admission somewhere in the patient's activity window.
    func writeEmergencySpell(_ patient: SyntheticPatient, tweak: SpellTweak?) throws(MockPASError) -> Int {
        let lastDay =
            tweak == nil ? patient.lastActivityDay : max(patient.firstActivityDay, patient.lastActivityDay - 1)
        let admitDay = day(from: patient.firstActivityDay, to: lastDay)
        let stayDays = [0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 9, 12, 16, 21, 30][random.below(18)]
        let length = stayDays == 0 ? 120 + random.below(480) : stayDays * 1440 + random.below(480) - 240
        let specialty: Int
        let ward: String
        if patient.isChild {
            specialty = SyntheticSpecialties.index(of: "420")
            ward = "PAED1"
        } else if patient.age >= 75 && random.chance(0.4) {
            specialty = SyntheticSpecialties.index(of: "430")
            ward = "W05"
        } else {
            specialty = SyntheticSpecialties.index(of: random.chance(0.7) ? "326" : "300")
            ward = "AMU1"
        }
        let plan = SpellPlan(
            admitMinute: at(admitDay, random.below(1440)), lengthMinutes: length, waitingListID: nil,
            admissionMethod: SyntheticVocabulary.emergencyAdmission.pick(&random),
            admissionSource: SyntheticVocabulary.admissionSource.pick(&random), patientClass: "1",
            specialty: specialty, consultant: random.pick(consultants[specialty]), plannedProcedure: nil,
            firstWard: ward, emergency: true, tweak: tweak)
        return try writeSpell(patient, plan)
    }

    /// Writes a spell with its episodes, diagnoses, procedures, theatre cases, ward stays, critical care and
    /// discharge summary; returns the spell id.
    func writeSpell(_ patient: SyntheticPatient, _ plan: SpellPlan) throws(MockPASError) -> Int {
        let spellID = newID(.ipSpell)
        let admit = plan.admitMinute
        let endLimit = at(patient.lastActivityDay, 1439)
        var discharge: Int? = admit + plan.lengthMinutes
        var diedInHospital = false
        if let planned = discharge, planned > endLimit {
            if plan.tweak != nil {
                discharge = min(endLimit, max(admit + 60, endLimit - 600))
            } else if let death = patient.deathDay {
                discharge = min(endLimit, max(admit + 30, at(death, 600 + random.below(600))))
                diedInHospital = true
            } else {
                discharge = nil
            }
        }
        var method = discharge == nil ? nil : (diedInHospital ? "4" : SyntheticVocabulary.dischargeMethod.pick(&random))
        var destination =
            discharge == nil ? nil : (diedInHospital ? "79" : SyntheticVocabulary.dischargeDestination.pick(&random))
        var admissionMethod = plan.admissionMethod
        var writtenDischarge = discharge
        if let tweak = plan.tweak {
            if let code = tweak.admissionMethod { admissionMethod = code }
            if let code = tweak.dischargeMethod {
                method = code
                destination = "19"
            }
            if let code = tweak.dischargeDestination { destination = code }
            if tweak.dischargeBeforeAdmission { writtenDischarge = admit - 1440 * (1 + random.below(3)) }
        }

        let wardIndex = SyntheticEstate.ward(plan.firstWard)
        let row = writer(.ipSpell)
        row.int(spellID)
        row.int(patient.internalNo)
        row.text("SP" + zeroPadded(spellID, width: 8))
        if let waitingListID = plan.waitingListID { row.int(waitingListID) } else { row.empty() }
        row.text(SyntheticEstate.sites[SyntheticEstate.wards[wardIndex].site].code)
        row.dateTime(admit)
        row.text(admissionMethod)
        row.text(plan.admissionSource)
        row.text(plan.patientClass)
        row.text(SyntheticVocabulary.administrativeCategory.pick(&random))
        row.dateTime(writtenDischarge)
        row.optional(method)
        row.optional(destination)
        try row.endRow()

        // Children follow the real timeline; an open spell's rows run up to the reference date.
        let end = discharge ?? max(admit, at(referenceDay, 0))
        try writeEpisodes(spellID, plan, from: admit, to: end, open: discharge == nil)
        try writeWardStays(spellID, patient, plan, from: admit, to: end, open: discharge == nil)
        if let discharge, random.chance(0.9) {
            try writeDocument(
                patient, spell: spellID, appointment: nil, referral: nil, type: "DISCHARGE_SUMMARY",
                title: "Discharge summary", author: plan.consultant,
                minute: min(endLimit, discharge + 60 + random.below(2880)))
        }
        return spellID
    }

    private func writeEpisodes(_ spellID: Int, _ plan: SpellPlan, from start: Int, to end: Int, open: Bool)
        throws(MockPASError)
    {
        var count = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3][random.below(10)]
        if end - start < count * 240 { count = 1 }
        var bounds = [start]
        for index in 1..<max(1, count) {
            let slice = (end - start) / count
            bounds.append(start + slice * index + random.below(max(1, slice / 2)))
        }
        bounds.append(end)
        let table = writer(.consultantEpisode)
        for number in 1...count {
            let episodeID = newID(.consultantEpisode)
            let specialty = number == 1 ? plan.specialty : random.pick(Self.medicalSpecialties)
            let consultant = number == 1 ? plan.consultant : random.pick(consultants[specialty])
            let episodeEnd: Int? = number == count && open ? nil : bounds[number]
            table.int(episodeID)
            table.int(spellID)
            table.int(number)
            table.text(consultant)
            table.text(SyntheticSpecialties.all[specialty].code)
            table.dateTime(bounds[number - 1])
            table.dateTime(episodeEnd)
            try table.endRow()
            try writeCoding(
                episodeID, specialty: specialty, consultant: consultant, from: bounds[number - 1], to: bounds[number],
                plannedProcedure: number == 1 ? plan.plannedProcedure : nil)
        }
    }

    private func writeCoding(
        _ episodeID: Int, specialty: Int, consultant: String, from start: Int, to end: Int, plannedProcedure: String?
    ) throws(MockPASError) {
        let diagnoses = writer(.diagnosis)
        for sequence in 1...(1 + random.below(4)) {
            diagnoses.int(newID(.diagnosis))
            diagnoses.int(episodeID)
            diagnoses.int(sequence)
            diagnoses.text(random.pick(SyntheticVocabulary.icd10))
            diagnoses.text(sequence == 1 ? "PRIMARY" : "SECONDARY")
            try diagnoses.endRow()
        }
        var codes: [String] = []
        if let plannedProcedure { codes.append(plannedProcedure) }
        if random.chance(plannedProcedure == nil ? 0.25 : 0.3) { codes.append(random.pick(SyntheticVocabulary.opcs4)) }
        let procedures = writer(.procedure)
        let operationStart = start + random.below(max(1, min(end - start, 1440) - 240))
        for (offset, code) in codes.enumerated() {
            procedures.int(newID(.procedure))
            procedures.int(episodeID)
            procedures.int(offset + 1)
            procedures.text(code)
            procedures.date(operationStart / CivilDate.minutesPerDay)
            try procedures.endRow()
        }
        guard let first = codes.first, plannedProcedure != nil || SyntheticSpecialties.isSurgical(specialty),
            end - start >= 240
        else { return }
        let theatre = writer(.theatreCase)
        theatre.int(newID(.theatreCase))
        theatre.int(episodeID)
        theatre.text(random.pick(SyntheticEstate.theatres))
        theatre.text(consultant)
        theatre.text(first)
        theatre.text(random.pick(["GA", "GA", "SPINAL", "REGIONAL", "LOCAL", "SEDATION"]))
        theatre.int(1 + random.below(4))
        theatre.tenths(450 + random.below(700))
        theatre.dateTime(operationStart)
        theatre.dateTime(min(end, operationStart + 30 + random.below(180)))
        try theatre.endRow()
    }

    private func writeWardStays(
        _ spellID: Int, _ patient: SyntheticPatient, _ plan: SpellPlan, from start: Int, to end: Int, open: Bool
    ) throws(MockPASError) {
        var segments: [(ward: String, start: Int)] = [(plan.firstWard, start)]
        let length = end - start
        if plan.emergency && length >= 2 * 1440 && random.chance(0.05) {
            let criticalStart = start + random.below(length / 3)
            let criticalEnd = criticalStart + min(length / 2, 1440 * (1 + random.below(5)))
            let unit = patient.age < 1 ? "NNU1" : "ICU1"
            segments.append((unit, criticalStart))
            segments.append((random.pick(["W01", "W02"]), criticalEnd))
            let critical = writer(.criticalCarePeriod)
            critical.int(newID(.criticalCarePeriod))
            critical.int(spellID)
            critical.text(unit)
            critical.dateTime(criticalStart)
            critical.dateTime(criticalEnd)
            critical.int(random.chance(0.4) ? 3 : 2)
            critical.int(1 + random.below(4))
            try critical.endRow()
        } else if length >= 3 * 1440 && random.chance(0.4) && !patient.isChild {
            let next = length > 10 * 1440 ? random.pick(["W10", "W11"]) : random.pick(["W01", "W02", "W05"])
            segments.append((next, start + length / 3 + random.below(length / 3)))
        }
        let table = writer(.wardStay)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            table.int(newID(.wardStay))
            table.int(spellID)
            table.text(segment.ward)
            table.dateTime(segment.start)
            table.dateTime(isLast ? (open ? nil : end) : segments[index + 1].start)
            try table.endRow()
        }
    }
}
