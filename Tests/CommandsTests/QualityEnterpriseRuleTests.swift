import Foundation
import Projections
import XCTest

@testable import Commands

/// Each enterprise rule fires on a crafted record (and stays quiet on the near miss next to it).
final class QualityEnterpriseRuleTests: XCTestCase {
    private func only(
        _ issues: [[String: String]], _ rule: QualityRuleID, file: StaticString = #filePath, line: UInt = #line
    ) -> [String: String]? {
        XCTAssertEqual(issues.count, 1, "\(issues)", file: file, line: line)
        XCTAssertEqual(issues.first?["rule_id"], rule.rawValue, file: file, line: line)
        XCTAssertEqual(issues.first?["kind"], "enterprise", file: file, line: line)
        return issues.first
    }

    func testCoverage_fewerPatientsThanTheMinimumIsCritical() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()

        let result = try fixture.run(minPatients: 5)

        let issue = only(try fixture.issues(.enterprise), .patientCoverage)
        XCTAssertEqual(issue?["severity"], "critical")
        XCTAssertEqual(issue?["table"], "patient")
        XCTAssertTrue(issue?["message"]?.contains("1 patient loaded, fewer than the minimum of 5") ?? false)
        XCTAssertEqual(result.enterpriseStatus, .fail)
        XCTAssertEqual(result.contractStatus, .pass)
        XCTAssertEqual(result.overallStatus, .fail)
    }

    func testDuplicateNHSNumber_everyHolderIsNamedButNotTheNumber() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("patient", key: "patient-1", ["nhs_number": "9434765919"])
        fixture.add("patient", ["patient_id": "patient-2", "nhs_number": "9990000018"])
        fixture.add("patient", ["patient_id": "patient-3", "nhs_number": "9434765919"])

        _ = try fixture.run()

        let issues = try fixture.issues(.enterprise)
        XCTAssertEqual(issues.locations, ["patient|patient-1|nhs_number", "patient|patient-3|nhs_number"])
        XCTAssertTrue(issues.allSatisfy { $0["rule_id"] == "EQ_DUPLICATE_NHS_NUMBER" && $0["severity"] == "critical" })
        XCTAssertTrue(issues[0]["message"]?.contains("patient-3") ?? false)
        XCTAssertTrue(issues[1]["message"]?.contains("patient-1") ?? false)
        XCTAssertFalse(issues.contains { $0["message"]?.contains("9434765919") ?? true })
    }

    func testCheckDigit_wrongModulus11DigitIsCritical() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("patient", key: "patient-1", ["nhs_number": "9434765918"])
        fixture.add("patient", ["patient_id": "patient-2", "nhs_number": "9990000026"])

        _ = try fixture.run()

        let issue = only(try fixture.issues(.enterprise), .nhsNumberCheckDigit)
        XCTAssertEqual(issue?["record_key"], "patient-1")
        XCTAssertEqual(issue?["field"], "nhs_number")
        XCTAssertEqual(issue?["severity"], "critical")
        XCTAssertEqual(try fixture.issues(.contract), [], "ten digits pass the contract's pattern")
    }

    func testDischargeBeforeAdmission_isHighOnTheSpell() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set(
            "hospital_spell", key: "hospital_spell-1",
            ["admission_datetime": "2024-03-02T10:00:00", "discharge_datetime": "2024-03-01T09:00:00"])
        fixture.set("consultant_episode", key: "consultant_episode-1", ["episode_start": "2024-03-02T10:00:00"])
        fixture.set("ward_stay", key: "ward_stay-1", ["ward_stay_start": "2024-03-02T10:00:00"])
        fixture.add(
            "hospital_spell",
            [
                "hospital_spell_id": "hospital_spell-2", "admission_datetime": "2024-03-02T10:00:00",
                "discharge_datetime": "2024-03-02T10:00:00",
            ])

        _ = try fixture.run()

        let issues = try fixture.issues(.enterprise).rule(.dischargeBeforeAdmission)
        XCTAssertEqual(issues.locations, ["hospital_spell|hospital_spell-1|discharge_datetime"])
        XCTAssertEqual(issues.first?["severity"], "high")
    }

    func testActivityAfterDeath_appointmentAdmissionAndReferralAfterDeathAreCritical() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("patient", key: "patient-1", ["birth_date": "1940-01-01", "death_date": "2024-01-10"])
        fixture.add("patient", ["patient_id": "patient-2", "birth_date": "1950-01-01"])
        fixture.set(
            "outpatient_appointment", key: "outpatient_appointment-1", ["appointment_start": "2025-07-01T09:00:00"])
        // On the day of death: allowed. For a living patient: allowed, even in the future.
        fixture.add(
            "outpatient_appointment",
            ["outpatient_appointment_id": "opa-death-day", "appointment_start": "2024-01-10T15:00:00"])
        fixture.add(
            "outpatient_appointment",
            [
                "outpatient_appointment_id": "opa-living", "patient_id": "patient-2",
                "appointment_start": "2025-07-01T09:00:00",
            ])
        fixture.set("referral", key: "referral-1", ["referral_received_date": "2024-02-01"])

        _ = try fixture.run()

        let issues = try fixture.issues(.enterprise).rule(.activityAfterDeath)
        XCTAssertEqual(
            issues.locations,
            [
                "outpatient_appointment|outpatient_appointment-1|appointment_start",
                "referral|referral-1|referral_received_date",
            ])
        XCTAssertTrue(issues.allSatisfy { $0["severity"] == "critical" })
        XCTAssertTrue(issues[0]["message"]?.contains("2024-01-10") ?? false)
    }

    func testDeathBeforeBirth_isHigh() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("patient", key: "patient-1", ["birth_date": "1990-05-01", "death_date": "1980-01-01"])

        _ = try fixture.run()

        let issue = only(
            try fixture.issues(.enterprise).filter { $0["rule_id"] != "EQ_ACTIVITY_AFTER_DEATH" }, .deathBeforeBirth)
        XCTAssertEqual(issue?["severity"], "high")
        XCTAssertEqual(issue?["field"], "death_date")
    }

    func testFutureDatedEvent_pastOnlyColumnsAfterTheReferenceDateAreHigh() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("diagnosis", key: "diagnosis-1", ["diagnosis_date": "2025-06-02"])
        fixture.set("hospital_spell", key: "hospital_spell-1", ["discharge_datetime": "2025-06-01T23:59:59"])
        fixture.set("clinical_document", key: "clinical_document-1", ["document_datetime": "2030-01-01T00:00:00"])
        // A booking may lie ahead.
        fixture.set(
            "outpatient_appointment", key: "outpatient_appointment-1", ["appointment_start": "2026-01-01T09:00:00"])

        _ = try fixture.run()

        let issues = try fixture.issues(.enterprise)
        XCTAssertEqual(
            issues.locations,
            ["diagnosis|diagnosis-1|diagnosis_date", "clinical_document|clinical_document-1|document_datetime"])
        XCTAssertTrue(issues.allSatisfy { $0["rule_id"] == "EQ_FUTURE_DATED_EVENT" && $0["severity"] == "high" })
    }

    func testOpenRTTWithoutClockStart_onlyForOpenOrPausedPathways() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("rtt_pathway", key: "rtt_pathway-1", ["pathway_status": "open", "clock_start_date": ""])
        fixture.add(
            "rtt_pathway",
            ["rtt_pathway_id": "rtt-paused", "pathway_status": "paused", "clock_start_date": "2025-07-01"])
        fixture.add(
            "rtt_pathway", ["rtt_pathway_id": "rtt-stopped", "pathway_status": "stopped", "clock_start_date": ""])
        fixture.add(
            "rtt_pathway", ["rtt_pathway_id": "rtt-fine", "pathway_status": "open", "clock_start_date": "2025-06-01"])

        _ = try fixture.run()

        let issues = try fixture.issues(.enterprise)
        XCTAssertEqual(
            issues.locations, ["rtt_pathway|rtt_pathway-1|clock_start_date", "rtt_pathway|rtt-paused|clock_start_date"])
        XCTAssertTrue(
            issues.allSatisfy { $0["rule_id"] == "EQ_OPEN_RTT_WITHOUT_CLOCK_START" && $0["severity"] == "high" })
        // The empty clock start is also a contract breach (the column is NOT NULL), for both the open and stopped.
        XCTAssertEqual(
            try fixture.issues(.contract).rule(.required).locations,
            ["rtt_pathway|rtt_pathway-1|clock_start_date", "rtt_pathway|rtt-stopped|clock_start_date"])
    }

    func testWithinSpell_episodesAndWardStaysOutsideTheirSpellAreMedium() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set(
            "hospital_spell", key: "hospital_spell-1",
            ["admission_datetime": "2024-03-01T10:00:00", "discharge_datetime": "2024-03-05T12:00:00"])
        fixture.set("consultant_episode", key: "consultant_episode-1", ["episode_start": "2024-03-01T09:59:59"])
        fixture.add(
            "consultant_episode",
            [
                "consultant_episode_id": "ep-inside", "episode_start": "2024-03-01T10:00:00",
                "episode_end": "2024-03-05T12:00:00",
            ])
        fixture.set(
            "ward_stay", key: "ward_stay-1",
            ["ward_stay_start": "2024-03-02T08:00:00", "ward_stay_end": "2024-03-06T08:00:00"])
        fixture.add("ward_stay", ["ward_stay_id": "ws-after", "ward_stay_start": "2024-03-07T08:00:00"])

        let result = try fixture.run()

        let issues = try fixture.issues(.enterprise)
        XCTAssertEqual(
            issues.locations,
            [
                "consultant_episode|consultant_episode-1|episode_start", "ward_stay|ward_stay-1|ward_stay_end",
                "ward_stay|ws-after|ward_stay_start",
            ])
        XCTAssertEqual(issues.rule(.episodeOutsideSpell).count, 1)
        XCTAssertEqual(issues.rule(.wardStayOutsideSpell).count, 2)
        XCTAssertTrue(issues.allSatisfy { $0["severity"] == "medium" })
        XCTAssertTrue(issues[0]["message"]?.contains("2024-03-01T10:00:00") ?? false, "\(issues[0])")
        // Medium issues are reported but do not fail the enterprise quality.
        XCTAssertEqual(result.enterpriseStatus, .pass)
        XCTAssertEqual(result.issuesBySeverity[.enterprise]?.medium, 3)
    }
}
