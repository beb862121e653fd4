extension EnterpriseRules {
    /// Records a spell's times and checks its discharge does not precede its admission.
    func observeSpell(_ row: [String], columns: (admission: Int, discharge: Int), key: String, position: Int) throws {
        let admission = ISOTemporal.seconds(row[columns.admission]) ?? Self.unknown
        let discharge = ISOTemporal.seconds(row[columns.discharge]) ?? Self.unknown
        while spellAdmission.count <= position {
            spellAdmission.append(Self.unknown)
            spellDischarge.append(Self.unknown)
        }
        spellAdmission[position] = admission
        spellDischarge[position] = discharge
        if admission != Self.unknown, discharge != Self.unknown, discharge < admission {
            try sink.report(
                .dischargeBeforeAdmission, table: "hospital_spell", recordKey: key, field: "discharge_datetime",
                message: "discharged \(row[columns.discharge]) before admission \(row[columns.admission]); "
                    + "correct the spell's dates in the source")
        }
    }

    /// A child of a spell (episode, ward stay) must start no earlier than the admission and, when the spell is
    /// discharged, neither start nor end after the discharge. Rows whose spell is unknown are the FK check's.
    func checkWithinSpell(_ row: [String], table: String, columns: EnterpriseHooks.SpellChild, key: String) throws {
        guard let spells, let position = spells.index(of: row[columns.spell]), position < spellAdmission.count,
            let start = ISOTemporal.seconds(row[columns.start])
        else {
            return
        }
        let admission = spellAdmission[position]
        let discharge = spellDischarge[position]
        let spellID = row[columns.spell]
        let startText = row[columns.start]
        var field = columns.startName
        let problem: String
        if admission != Self.unknown, start < admission {
            problem = "starts \(startText) before spell \(spellID) was admitted \(ISOTemporal.timestampText(admission))"
        } else if discharge != Self.unknown, start > discharge {
            problem =
                "starts \(startText) after spell \(spellID) was discharged \(ISOTemporal.timestampText(discharge))"
        } else if let endIndex = columns.end, let end = ISOTemporal.seconds(row[endIndex]), discharge != Self.unknown,
            end > discharge
        {
            field = columns.endName
            problem =
                "ends \(row[endIndex]) after spell \(spellID) was discharged \(ISOTemporal.timestampText(discharge))"
        } else {
            return
        }
        try sink.report(
            columns.rule, table: table, recordKey: key, field: field,
            message: "\(problem); the record must lie within its hospital spell")
    }
}
