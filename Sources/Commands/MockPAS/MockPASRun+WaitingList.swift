extension MockPASRun {
    /// Writes a waiting-list entry added after clinic, its suspensions and TCI offers, and the elective spell when
    /// the patient has been admitted.
    func writeWaitingList(
        _ patient: SyntheticPatient, _ referralID: Int, _ specialty: Int, _ consultant: String, _ priority: String,
        from seenDay: Int, _ pathway: inout PathwayProgress
    ) throws(MockPASError) {
        let waitingListID = newID(.waitingList)
        let listedDay = min(seenDay + random.below(4), patient.lastActivityDay)
        let surgical = SyntheticSpecialties.isSurgical(specialty)
        let dayCase = surgical && random.chance(0.5)
        let procedure: String? = surgical ? random.pick(SyntheticVocabulary.opcs4) : nil
        let tciDay = listedDay + 20 + random.below(180)
        let ward = firstWard(patient, specialty, dayCase: dayCase)

        var status = "WAITING"
        var removal: (day: Int, reason: String)? = nil
        var offers: [(offered: Int, tci: Int, outcome: String)] = []
        if random.chance(0.08) && listedDay + 10 <= patient.lastActivityDay {
            let day = day(from: listedDay + 10, to: patient.lastActivityDay)
            removal = (day, random.pick(["Patient declined treatment", "Treated elsewhere"]))
            pathway.stop(on: day, status: "35")
        } else if tciDay <= patient.lastActivityDay {
            status = "ADMITTED"
            if random.chance(0.3) && tciDay - 30 > listedDay {
                offers.append((listedDay + 1, tciDay - 21, "DECLINED"))
            }
            offers.append((max(listedDay, tciDay - 21), tciDay, "ACCEPTED"))
            pathway.stop(on: tciDay, status: "30")
        } else if let death = patient.deathDay {
            removal = (death, "Patient deceased")
            pathway.stop(on: death, status: "36")
        } else if tciDay <= referenceDay + Self.bookingHorizonDays && random.chance(0.4) {
            offers.append((max(listedDay, referenceDay - random.below(14)), tciDay, "PENDING"))
        }
        if removal != nil { status = "REMOVED" }

        let row = writer(.waitingList)
        row.int(waitingListID)
        row.int(patient.internalNo)
        row.int(referralID)
        row.text(SyntheticSpecialties.all[specialty].code)
        row.text(consultant)
        row.date(listedDay)
        row.text(dayCase ? "2" : "1")
        row.text(priority)
        row.optional(procedure)
        row.text(status)
        row.date(removal?.day)
        row.optional(removal?.reason)
        try row.endRow()

        if random.chance(0.1) && listedDay + 30 <= patient.lastActivityDay {
            let suspensions = writer(.wlSuspension)
            let start = day(from: listedDay + 5, to: patient.lastActivityDay - 20)
            let end = start + 14 + random.below(46)
            suspensions.int(newID(.wlSuspension))
            suspensions.int(waitingListID)
            suspensions.date(start)
            suspensions.date(end <= patient.lastActivityDay ? end : nil)
            suspensions.text(random.pick(["PATIENT_UNAVAILABLE", "MEDICALLY_UNFIT"]))
            try suspensions.endRow()
        }
        let tci = writer(.tciOffer)
        for offer in offers {
            tci.int(newID(.tciOffer))
            tci.int(waitingListID)
            tci.date(offer.offered)
            tci.date(offer.tci)
            tci.text(ward)
            tci.text(offer.outcome)
            try tci.endRow()
        }
        guard status == "ADMITTED" else { return }
        let length = dayCase ? 240 + random.below(300) : 1440 * (1 + random.below(7)) + random.below(240)
        let plan = SpellPlan(
            admitMinute: at(tciDay, 7 * 60 + random.below(120)), lengthMinutes: length, waitingListID: waitingListID,
            admissionMethod: SyntheticVocabulary.electiveAdmission.pick(&random), admissionSource: "19",
            patientClass: dayCase ? "2" : "1", specialty: specialty, consultant: consultant,
            plannedProcedure: procedure, firstWard: ward, emergency: false, tweak: nil)
        _ = try writeSpell(patient, plan)
    }

    /// Ward of admission for a planned admission.
    private func firstWard(_ patient: SyntheticPatient, _ specialty: Int, dayCase: Bool) -> String {
        let code = SyntheticSpecialties.all[specialty].code
        if dayCase { return "DSU1" }
        if patient.isChild { return "PAED1" }
        if code == "501" || code == "560" { return "MAT1" }
        return SyntheticSpecialties.isSurgical(specialty) ? random.pick(["W03", "W04"]) : random.pick(["W01", "W02"])
    }
}
