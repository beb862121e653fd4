import Foundation
import Projections

extension EnterpriseRules {
    /// Patient-level rules; `id` is the patient's id in the patient key set.
    func observePatient(
        _ row: [String], columns: (nhsNumber: Int?, birth: Int?, death: Int?), key: String, id: Int
    ) throws {
        if let index = columns.nhsNumber, let number = Self.tenDigits(row[index]) {
            switch NHSNumber.validate(row[index]) {
            case .invalid(.checkDigitMismatch), .invalid(.checkDigitIsTen):
                try sink.report(
                    .nhsNumberCheckDigit, table: "patient", recordKey: key, field: "nhs_number",
                    message: "the NHS number fails its Modulus 11 check digit; trace the patient on PDS "
                        + "and correct the number in the source")
            default:
                break
            }
            if !nhsNumbers.insert(number) {
                sharedNumbers.insert(number)
            }
        }
        let birth = columns.birth.flatMap { ISOTemporal.day(row[$0]) }
        guard let deathIndex = columns.death, let death = ISOTemporal.day(row[deathIndex]) else {
            return
        }
        deathDays.set(id, death, Self.unknown)
        if let birth, death < birth {
            try sink.report(
                .deathBeforeBirth, table: "patient", recordKey: key, field: "death_date",
                message: "date of death \(row[deathIndex]) is before date of birth \(CivilDate.isoDate(ofDay: birth))"
                    + "; one of them is wrong in the source")
        }
    }

    /// Activity dated after the patient's date of death (the day of death itself is allowed).
    func checkAfterDeath(
        _ row: [String], table: String, check: (patient: Int, date: Int, name: String), key: String
    ) throws {
        let value = row[check.date]
        guard let patients, let id = patients.id(of: row[check.patient]), let death = deathDays.pair(id)?.0,
            death != Self.unknown,
            let day = ISOTemporal.dayOfDateOrTimestamp(value), day > death
        else {
            return
        }
        try sink.report(
            .activityAfterDeath, table: table, recordKey: key, field: check.name,
            message: "\(check.name) \(value) is after patient \(row[check.patient])'s date of death "
                + "\(CivilDate.isoDate(ofDay: death)); cancel or correct it before go-live so that no letter or "
                + "booking reaches the family")
    }

    /// One issue per patient holding a shared NHS number, naming the other holders (never the number itself:
    /// the issue files travel further than the clinical record should).
    ///
    /// Only the numbers seen twice were kept, so `patient.csv` is read again to find their holders: the rows the
    /// scan observed (a non-empty `patient_id` seen for the first time, up to the first CSV error) with one of those
    /// numbers, in file order. Groups are reported in the order of their first holder.
    func reportSharedNumbers(plan: TablePlan, url: URL) throws {
        guard !sharedNumbers.isEmpty, let index = plan.index(of: "nhs_number") else {
            return
        }
        var groups: [UInt64: [String]] = [:]
        var order: [UInt64] = []
        let seenKeys = RetainedKeySet(pool: pool)
        let reader = try CSVReader(url: url)
        while true {
            let row: [String]?
            do {
                row = try reader.next()
            } catch is CSVError {
                break
            }
            guard let row else {
                break
            }
            guard let key = plan.primaryKeyValue(of: row), seenKeys.insert(key) != nil,
                let number = Self.tenDigits(row[index]), sharedNumbers.contains(number)
            else {
                continue
            }
            if groups[number] == nil {
                order.append(number)
            }
            groups[number, default: []].append(key)
        }
        for number in order {
            let holders = groups[number] ?? []
            for (position, holder) in holders.enumerated() {
                var others = holders
                others.remove(at: position)
                let named = others.prefix(5).joined(separator: ", ")
                let more = others.count > 5 ? " and \(others.count - 5) more" : ""
                try sink.report(
                    .duplicateNHSNumber, table: "patient", recordKey: holder, field: "nhs_number",
                    message: "the NHS number is also held by patient \(named)\(more); "
                        + "\(holders.count) records for one number must be merged or traced on PDS before go-live")
            }
        }
    }

    /// The value as a number when it is exactly ten ASCII digits (anything else is the contract's problem).
    static func tenDigits(_ value: String) -> UInt64? {
        guard value.utf8.count == 10 else {
            return nil
        }
        var number: UInt64 = 0
        for byte in value.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                return nil
            }
            number = number * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        return number
    }
}
