extension EnterpriseRules {
    /// Records a spell's times and checks its discharge does not precede its admission.
    func observeSpell(_ row: [String], columns: (admission: Int, discharge: Int), key: String, id: Int) throws {
        let admission = ISOTemporal.seconds(row[columns.admission]) ?? Self.unknown
        let discharge = ISOTemporal.seconds(row[columns.discharge]) ?? Self.unknown
        spellTimes.set(id, admission, discharge)
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
        // A spell never observed (its table lacks the time columns) reads as unknown times, which no check uses.
        guard let spells, let id = spells.id(of: row[columns.spell]), let (admission, discharge) = spellTimes.pair(id),
            let start = ISOTemporal.seconds(row[columns.start])
        else {
            return
        }
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
