/// The trust's specialties: every treatment function in the bundled subset, with the main specialty its consultants
/// hold, and the clinic weekday.
enum SyntheticSpecialties {
    /// (treatment function code, name as in the code set, main specialty code).
    static let all: [(code: String, name: String, mainSpecialty: String)] = [
        ("100", "General Surgery Service", "100"), ("101", "Urology Service", "101"),
        ("102", "Transplant Surgery Service", "100"), ("103", "Breast Surgery Service", "100"),
        ("104", "Colorectal Surgery Service", "100"), ("107", "Vascular Surgery Service", "107"),
        ("110", "Trauma and Orthopaedic Service", "110"), ("120", "Ear Nose and Throat Service", "120"),
        ("130", "Ophthalmology Service", "130"), ("140", "Oral Surgery Service", "140"),
        ("150", "Neurosurgical Service", "150"), ("160", "Plastic Surgery Service", "160"),
        ("170", "Cardiothoracic Surgery Service", "170"), ("300", "General Internal Medicine Service", "300"),
        ("301", "Gastroenterology Service", "301"), ("302", "Endocrinology Service", "302"),
        ("303", "Clinical Haematology Service", "303"), ("320", "Cardiology Service", "320"),
        ("326", "Acute Internal Medicine Service", "326"), ("328", "Stroke Medicine Service", "300"),
        ("330", "Dermatology Service", "330"), ("340", "Respiratory Medicine Service", "340"),
        ("361", "Renal Medicine Service", "361"), ("370", "Medical Oncology Service", "370"),
        ("400", "Neurology Service", "400"), ("410", "Rheumatology Service", "410"),
        ("420", "Paediatric Service", "420"), ("430", "Elderly Medicine Service", "430"),
        ("501", "Obstetrics Service", "501"), ("502", "Gynaecology Service", "502"),
        ("560", "Midwifery Service", "560"), ("650", "Physiotherapy Service", "960"),
        ("710", "Adult Mental Health Service", "710"), ("800", "Clinical Oncology Service", "800"),
        ("812", "Diagnostic Imaging Service", "810"),
    ]

    /// Whether the specialty operates (theatre cases, planned procedures).
    static func isSurgical(_ index: Int) -> Bool {
        let code = all[index].code
        return code.hasPrefix("1") || code == "502"
    }

    /// Specialties a consultant-led RTT clock applies to (not physiotherapy or imaging, which are not
    /// consultant-led in this trust).
    static func isConsultantLed(_ index: Int) -> Bool {
        let code = all[index].code
        return code != "650" && code != "812" && code != "560"
    }

    /// Index of a treatment function code.
    static func index(of code: String) -> Int {
        all.firstIndex { $0.code == code } ?? 0
    }
}
