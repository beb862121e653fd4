extension MockPASRun {
    /// Writes the organisation, sites, specialties, consultants, wards, GP practices and the clinic calendar.
    func writeReferenceTables() throws(MockPASError) {
        let organisation = writer(.organisation)
        organisation.text(SyntheticEstate.organisationCode)
        organisation.text("Synthetic Test Hospitals NHS Trust")
        organisation.text("NHS TRUST")
        organisation.text("1 Placeholder Way")
        organisation.text("Testbury")
        organisation.text("XX1 1AA")
        organisation.text("01632 960000")
        try organisation.endRow()

        let sites = writer(.site)
        for site in SyntheticEstate.sites {
            sites.text(site.code)
            sites.text(SyntheticEstate.organisationCode)
            sites.text(site.name)
            sites.text(site.type)
            sites.text(site.address)
            sites.text(site.postcode)
            try sites.endRow()
        }

        let specialties = writer(.specialty)
        for specialty in SyntheticSpecialties.all {
            specialties.text(specialty.code)
            specialties.text(specialty.name)
            specialties.text(specialty.mainSpecialty)
            try specialties.endRow()
        }

        try writeConsultants()

        let wards = writer(.ward)
        for ward in SyntheticEstate.wards {
            wards.text(ward.code)
            wards.text(SyntheticEstate.sites[ward.site].code)
            wards.text(ward.name)
            wards.text(ward.type)
            wards.int(ward.beds)
            try wards.endRow()
        }

        try writePractices()
        try writeClinicCalendar()
    }

    private func writeConsultants() throws(MockPASError) {
        let table = writer(.consultant)
        var number = 0
        for (index, specialty) in SyntheticSpecialties.all.enumerated() {
            var codes: [String] = []
            for _ in 0..<SyntheticEstate.consultantsPerSpecialty {
                number += 1
                let code = "C9" + zeroPadded(number, width: 6)
                codes.append(code)
                let female = random.chance(0.5)
                table.text(code)
                table.text("9" + zeroPadded(number * 37 % 1_000_000, width: 6))
                table.text(SyntheticSpecialties.isSurgical(index) ? (female ? "Ms" : "Mr") : "Dr")
                table.text(surname())
                table.text(
                    random.pick(female ? SyntheticVocabulary.femaleForenames : SyntheticVocabulary.maleForenames))
                table.text(specialty.mainSpecialty)
                table.text(specialty.code)
                table.date(referenceDay - 365 * random.int(in: 4...20) - random.below(365))
                table.empty()
                try table.endRow()
            }
            consultants.append(codes)
        }
    }

    private func writePractices() throws(MockPASError) {
        let table = writer(.gpPractice)
        for number in 1...SyntheticEstate.practiceCount {
            let code = "Z9" + zeroPadded(number, width: 4)
            // The last two practices have closed: only previous registrations may point at them.
            let closed = number > SyntheticEstate.practiceCount - 2
            if closed { closedPractices.append(code) } else { openPractices.append(code) }
            let town = random.pick(SyntheticVocabulary.towns)
            table.text(code)
            table.text(number % 3 == 0 ? "\(town) Medical Centre (SYNTHETIC)" : "\(surname()) Surgery (SYNTHETIC)")
            table.text(streetAddress())
            table.text(town)
            table.text(postcode())
            table.text(landline())
            table.date(referenceDay - 365 * random.int(in: 10...60))
            table.date(closed ? referenceDay - 400 - random.below(400) : nil)
            try table.endRow()
        }
    }

    /// One weekly session per specialty, on a fixed weekday, across the whole extract window.
    private func writeClinicCalendar() throws(MockPASError) {
        let table = writer(.clinicSession)
        for (index, specialty) in SyntheticSpecialties.all.enumerated() {
            let site = SyntheticEstate.sites[index % 3 == 2 ? 1 : 0].code
            for week in 0..<calendarWeeks {
                let day = calendarStart + week * 7 + index % 5
                table.int(index * calendarWeeks + week + 1)
                table.text("CLN" + specialty.code)
                table.text(specialty.code)
                table.text(consultants[index][week % SyntheticEstate.consultantsPerSpecialty])
                table.text(site)
                table.date(day)
                table.dateTime(at(day, 9 * 60))
                table.dateTime(at(day, 12 * 60 + 30))
                table.text(day <= referenceDay ? "HELD" : "PLANNED")
                try table.endRow()
            }
        }
    }
}
