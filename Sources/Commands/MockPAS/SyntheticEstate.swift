/// The trust's sites and wards (fixed: a trust's estate does not grow with its patient count).
enum SyntheticEstate {
    /// Trust code; the R9Z pattern looks like an ODS trust code but is not issued.
    static let organisationCode = "R9Z"
    /// (code, name, type, address line, postcode).
    static let sites: [(code: String, name: String, type: String, address: String, postcode: String)] = [
        ("R9Z01", "Testbury General Hospital (SYNTHETIC)", "ACUTE", "1 Placeholder Way", "XX1 1AA"),
        ("R9Z02", "Mockford Community Hospital (SYNTHETIC)", "COMMUNITY", "2 Fixture Road", "XX2 2AB"),
        ("R9Z03", "Synthwick Women's and Children's Unit (SYNTHETIC)", "ACUTE", "3 Stub Lane", "XX3 3AD"),
    ]
    /// (code, site index, name, type, beds).
    static let wards: [(code: String, site: Int, name: String, type: String, beds: Int)] = [
        ("AMU1", 0, "Acute Medical Unit", "ASSESSMENT", 32), ("W01", 0, "Ash Ward", "MEDICAL", 28),
        ("W02", 0, "Birch Ward", "MEDICAL", 28), ("W03", 0, "Cedar Ward", "SURGICAL", 24),
        ("W04", 0, "Damson Ward", "SURGICAL", 24), ("W05", 0, "Elder Ward", "ELDERLY", 30),
        ("ICU1", 0, "Critical Care Unit", "ICU", 12), ("DSU1", 0, "Day Surgery Unit", "DAYCASE", 20),
        ("W10", 1, "Fern Ward", "REHAB", 20), ("W11", 1, "Gorse Ward", "REHAB", 20),
        ("MAT1", 2, "Hazel Maternity Ward", "MATERNITY", 30), ("PAED1", 2, "Ivy Children's Ward", "PAEDIATRIC", 20),
        ("NNU1", 2, "Neonatal Unit", "NEONATAL", 10),
    ]
    /// Index of a ward code in `wards`.
    static func ward(_ code: String) -> Int {
        wards.firstIndex { $0.code == code } ?? 0
    }
    /// Theatres of the main site.
    static let theatres = ["TH1", "TH2", "TH3", "TH4", "DSU-TH"]
    /// GP practices in the catchment.
    static let practiceCount = 40
    /// Consultants per specialty.
    static let consultantsPerSpecialty = 2
}
