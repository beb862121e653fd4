extension MockPASRun {
    /// Writes a referral with its RTT clock, outpatient appointments, waiting-list entry and elective spell.
    ///
    /// `futureAppointmentAfterDeath` adds the defect "appointment booked after the patient died".
    func writeReferral(_ patient: SyntheticPatient, futureAppointmentAfterDeath: Bool) throws(MockPASError) {
        let referralID = newID(.referral)
        let specialty = referralSpecialty(for: patient)
        let consultant = random.pick(consultants[specialty])
        let referralDay = day(from: patient.firstActivityDay, to: patient.lastActivityDay)
        let receivedDay = min(referralDay + random.below(6), patient.lastActivityDay)
        let priority = SyntheticVocabulary.priority.pick(&random)
        var pathway = PathwayProgress(receivedDay: receivedDay)

        try writeAppointments(patient, referralID, specialty, priority, &pathway)
        if futureAppointmentAfterDeath, let death = patient.deathDay,
            let session = session(specialty: specialty, onOrAfter: referenceDay + 7 + random.below(60))
        {
            let booked = max(receivedDay, death - random.below(10))
            _ = try writeAppointment(
                patient, referralID, specialty, priority, session: session, booked: min(booked, death),
                type: pathway.seen ? "FOLLOWUP" : "NEW", attendance: "0", outcome: nil)
        }
        if !pathway.discharged, let lastSeen = pathway.lastSeenDay,
            random.chance(SyntheticSpecialties.isSurgical(specialty) ? 0.6 : 0.15)
        {
            try writeWaitingList(patient, referralID, specialty, consultant, priority, from: lastSeen, &pathway)
        }

        let row = writer(.referral)
        row.int(referralID)
        row.int(patient.internalNo)
        row.date(referralDay)
        row.date(receivedDay)
        let source = SyntheticVocabulary.referralSource.pick(&random)
        row.text(source)
        row.text(priority)
        row.text(SyntheticSpecialties.all[specialty].code)
        row.text(consultant)
        row.optional(source == "03" ? patient.practice : nil)
        row.text(random.pick(SyntheticVocabulary.referralReasons))
        row.text(pathway.discharged ? "DISCHARGED" : (pathway.stopDay == nil ? "OPEN" : "CLOSED"))
        row.date(pathway.stopDay)
        try row.endRow()

        if SyntheticSpecialties.isConsultantLed(specialty) {
            try writeClock(referralID, pathway)
        }
        if random.chance(0.5) {
            try writeDocument(
                patient, spell: nil, appointment: nil, referral: referralID, type: "REFERRAL_LETTER",
                title: "Referral letter", author: consultant, minute: at(receivedDay, 480 + random.below(600)))
        }
    }

    private func referralSpecialty(for patient: SyntheticPatient) -> Int {
        var code = SyntheticSpecialties.all[random.below(SyntheticSpecialties.all.count)].code
        if patient.isChild && random.chance(0.5) { code = "420" }
        if !patient.isChild && code == "420" { code = "300" }
        if !patient.isFemale && (code == "501" || code == "502" || code == "560") { code = "100" }
        return SyntheticSpecialties.index(of: code)
    }

    private func writeAppointments(
        _ patient: SyntheticPatient, _ referralID: Int, _ specialty: Int, _ priority: String,
        _ pathway: inout PathwayProgress
    ) throws(MockPASError) {
        var cursor = pathway.receivedDay + 7 + random.below(50)
        for _ in 0..<[0, 1, 1, 1, 2, 2, 2, 3, 3, 4][random.below(10)] {
            guard let session = session(specialty: specialty, onOrAfter: cursor) else { return }
            let type = pathway.seen ? "FOLLOWUP" : "NEW"
            let booked = max(pathway.receivedDay, session.day - 7 - random.below(35))
            if session.day > patient.lastActivityDay {
                // Past the activity window: a living patient has it booked; a dead one has nothing more.
                guard patient.isAlive else { return }
                _ = try writeAppointment(
                    patient, referralID, specialty, priority, session: session, booked: min(booked, referenceDay),
                    type: type, attendance: "0", outcome: nil)
                return
            }
            let attendance = SyntheticVocabulary.attendance.pick(&random)
            let attended = attendance == "5" || attendance == "6"
            let outcome = attended ? SyntheticVocabulary.outcome.pick(&random) : nil
            let appointmentID = try writeAppointment(
                patient, referralID, specialty, priority, session: session, booked: booked, type: type,
                attendance: attendance, outcome: outcome)
            if attendance == "2" || attendance == "4" {
                let cancellations = writer(.opCancellation)
                cancellations.int(newID(.opCancellation))
                cancellations.int(appointmentID)
                cancellations.date(day(from: booked, to: session.day))
                cancellations.text(attendance == "2" ? "PATIENT" : "HOSPITAL")
                cancellations.text(
                    attendance == "2"
                        ? random.pick(["Unwell", "Work commitments", "On holiday"])
                        : random.pick(["Consultant on leave", "Clinic overbooked", "Theatre list clash"]))
                try cancellations.endRow()
            }
            if attended {
                pathway.seen = true
                pathway.lastSeenDay = session.day
                pathway.events.append((session.day, "20"))
                if random.chance(0.6) {
                    try writeDocument(
                        patient, spell: nil, appointment: appointmentID, referral: referralID, type: "CLINIC_LETTER",
                        title: "Outpatient clinic letter", author: consultants[specialty][0],
                        minute: at(min(session.day + 1 + random.below(7), patient.lastActivityDay), 540))
                }
                if outcome == "1" {
                    pathway.discharged = true
                    pathway.stop(on: session.day, status: "34")
                    return
                }
            }
            cursor = session.day + (attended ? 14 + random.below(100) : 7 + random.below(30))
        }
    }

    /// Writes a booked slot and the appointment in it; returns the appointment id.
    func writeAppointment(
        _ patient: SyntheticPatient, _ referralID: Int, _ specialty: Int, _ priority: String,
        session: (id: Int, day: Int), booked: Int, type: String, attendance: String, outcome: String?
    ) throws(MockPASError) -> Int {
        let slotID = newID(.appointmentSlot)
        let start = at(session.day, 9 * 60 + 15 * random.below(14))
        let slots = writer(.appointmentSlot)
        slots.int(slotID)
        slots.int(session.id)
        slots.dateTime(start)
        slots.int(15)
        slots.text(type)
        slots.text("BOOKED")
        try slots.endRow()
        if random.chance(0.05) {
            // Unbooked capacity exists too; the EPR's slot table must take slots with no appointment.
            slots.int(newID(.appointmentSlot))
            slots.int(session.id)
            slots.dateTime(at(session.day, 12 * 60 + 15))
            slots.int(15)
            slots.text("FOLLOWUP")
            slots.text("FREE")
            try slots.endRow()
        }
        let appointmentID = newID(.opAppointment)
        let week = (session.id - 1) % calendarWeeks
        let row = writer(.opAppointment)
        row.int(appointmentID)
        row.int(patient.internalNo)
        row.int(referralID)
        row.int(slotID)
        row.dateTime(start)
        row.text(type)
        row.text(SyntheticSpecialties.all[specialty].code)
        row.text(consultants[specialty][week % SyntheticEstate.consultantsPerSpecialty])
        row.date(booked)
        row.text(attendance)
        row.optional(outcome)
        row.text(priority)
        try row.endRow()
        return appointmentID
    }

    private func writeClock(_ referralID: Int, _ pathway: PathwayProgress) throws(MockPASError) {
        let clockID = newID(.rttClock)
        let clock = writer(.rttClock)
        clock.int(clockID)
        clock.int(referralID)
        clock.text(SyntheticEstate.organisationCode + zeroPadded(clockID, width: 12))
        clock.date(pathway.receivedDay)
        clock.date(pathway.stopDay)
        clock.text(pathway.stopDay == nil ? "OPEN" : "STOPPED")
        try clock.endRow()
        let events = writer(.rttEvent)
        for (index, event) in ([(pathway.receivedDay, "10")] + pathway.events).enumerated() {
            events.int(newID(.rttEvent))
            events.int(clockID)
            events.date(event.day)
            events.text(event.status)
            events.text(index == 0 ? "REFERRAL" : (event.status == "20" ? "OUTPATIENT" : "PATHWAY"))
            try events.endRow()
        }
    }

    /// Writes one clinical document's metadata.
    func writeDocument(
        _ patient: SyntheticPatient, spell: Int?, appointment: Int?, referral: Int?, type: String, title: String,
        author: String, minute: Int
    ) throws(MockPASError) {
        let documentID = newID(.clinicalDocument)
        let row = writer(.clinicalDocument)
        row.int(documentID)
        row.int(patient.internalNo)
        if let spell { row.int(spell) } else { row.empty() }
        if let appointment { row.int(appointment) } else { row.empty() }
        if let referral { row.int(referral) } else { row.empty() }
        row.text(type)
        row.text(title)
        row.text(author)
        row.dateTime(minute)
        let rtf = random.chance(0.2)
        row.text(rtf ? "text/rtf" : "application/pdf")
        let year = CivilDate.components(ofDay: minute / CivilDate.minutesPerDay).year
        row.text("docstore://legacy/\(year)/" + zeroPadded(documentID, width: 9) + (rtf ? ".rtf" : ".pdf"))
        row.int(20_000 + random.below(400_000))
        try row.endRow()
    }
}

/// What happened on a referral's pathway so far, for the RTT clock and the referral's status.
struct PathwayProgress {
    /// Day the referral was received (clock start).
    let receivedDay: Int
    /// Whether the patient has been seen in clinic, and when last.
    var seen = false
    var lastSeenDay: Int?
    /// Discharged from clinic (outcome 1).
    var discharged = false
    /// RTT events after the clock start, and the day the clock stopped.
    var events: [(day: Int, status: String)] = []
    var stopDay: Int?

    init(receivedDay: Int) {
        self.receivedDay = receivedDay
    }

    /// Stops the clock with an RTT status (30 treated, 34 not treated, 35 declined, 36 died).
    mutating func stop(on day: Int, status: String) {
        events.append((day, status))
        stopDay = day
    }
}
