import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// The quality reports are byte for byte what they were before the step's memory was made flat (numbered keys
/// as bits, NHS numbers in a `NumberSet`, shared numbers' holders found by a second read of `patient.csv`).
///
/// The fixture mixes what the new paths treat differently: numbered keys (`patient-7`) and text keys (`p-zoe`) in
/// referenced and unreferenced tables, repeated keys of both kinds, an NHS number held by eight patients (one of
/// them on a repeated `patient_id` row, which does not count), deaths and spells keyed both ways. The digests were
/// taken from the reports of the code before the change.
final class QualityOutputGoldenTests: XCTestCase {
    func testQualityReports_areByteIdenticalToThoseBeforeTheMemoryRework() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        let shared = "9434765919"
        fixture.set("patient", key: "patient-1", ["nhs_number": shared, "death_date": "2024-01-10"])
        fixture.add("patient", ["patient_id": "p-zoe", "nhs_number": "9990000018", "death_date": "2023-05-05"])
        for number in 2...7 {
            fixture.add("patient", ["patient_id": "patient-\(number)", "nhs_number": shared])
        }
        fixture.add("patient", ["patient_id": "p-zoe", "nhs_number": shared])  // a repeated key: not a holder
        fixture.add("patient", ["patient_id": "p-ann", "nhs_number": "9990000018"])
        fixture.add("patient", ["patient_id": "patient-8", "nhs_number": "0000000000"])
        fixture.add("patient", ["patient_id": "patient-9", "nhs_number": "0000000000"])
        fixture.add(
            "outpatient_appointment",
            [
                "outpatient_appointment_id": "opa-zoe", "patient_id": "p-zoe",
                "appointment_start": "2024-07-01T09:00:00",
            ])
        fixture.set(
            "hospital_spell", key: "hospital_spell-1",
            ["admission_datetime": "2024-03-01T10:00:00", "discharge_datetime": "2024-03-05T12:00:00"])
        fixture.add(
            "hospital_spell",
            [
                "hospital_spell_id": "spell-text", "admission_datetime": "2024-04-01T10:00:00",
                "discharge_datetime": "2024-03-30T12:00:00",
            ])
        fixture.set("consultant_episode", key: "consultant_episode-1", ["episode_start": "2024-03-01T09:59:59"])
        fixture.add(
            "consultant_episode",
            [
                "consultant_episode_id": "ep-text", "hospital_spell_id": "spell-text",
                "episode_start": "2024-05-01T10:00:00",
            ])
        fixture.add("ward_stay", ["ward_stay_id": "ws-after", "ward_stay_start": "2024-03-07T08:00:00"])
        fixture.add("diagnosis", [:])  // a second diagnosis-1 (numbered, unreferenced)
        fixture.add("diagnosis", ["diagnosis_id": "dx-text"])
        fixture.add("diagnosis", ["diagnosis_id": "dx-text"])
        fixture.add("diagnosis", ["diagnosis_id": "diagnosis-07"])  // a leading zero: a text key
        fixture.add("diagnosis", ["diagnosis_id": "diagnosis-07"])
        fixture.add("migration_xref", ["migration_xref_id": "XREF-2"])
        fixture.add("migration_xref", ["migration_xref_id": "XREF-2"])
        fixture.add("patient", [:])  // a second patient-1 (numbered, referenced)

        _ = try fixture.run(minPatients: 20)

        let files = [QualityEngine.contractIssuesFile, QualityEngine.enterpriseIssuesFile, QualityEngine.reportFile]
        let digests = try files.map { file in
            SHA256.hash(Array(try Data(contentsOf: fixture.reportsDirectory.appendingPathComponent(file)))).hex
        }
        XCTAssertGreaterThan(try fixture.issues(.enterprise).rule(.duplicateNHSNumber).count, 8)
        XCTAssertEqual(
            digests,
            [
                "da83cec4d7e4796511f6e15c2b02f7073f004e4f68b717b90006c84cee568302",
                "f1e878ad23b1fa3aa213fd90786b84ac4036ce18ab8375fd951c3b530910b30f",
                "4b4894b5a2da422d23aa707c0a59d344e6f1acb26df101710598ab377c11ad49",
            ])
    }
}
