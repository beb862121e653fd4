/// Word lists and code distributions for the mock PAS.
///
/// People and places are obviously synthetic: surnames are made of "Synth", "Mock", "Test"… parts, postcodes use
/// the non-existent area XX, telephone numbers come from Ofcom's drama ranges (01632 960xxx, 07700 900xxx) and
/// e-mail addresses use example.com (RFC 2606). Code weights are rough shapes of real PAS data, not statistics.
enum SyntheticVocabulary {
    static let surnameStems = [
        "Synth", "Mock", "Test", "Faux", "Sample", "Demo", "Proto", "Dummy", "Placeholt", "Fixture", "Stub", "Pseudo",
    ]
    static let surnameEndings = [
        "well", "wick", "bury", "ley", "ton", "field", "worth", "more", "ridge", "son", "ford", "by", "combe", "hurst",
    ]
    static let femaleForenames = [
        "Alice", "Beatrice", "Chloe", "Daisy", "Eleanor", "Freya", "Grace", "Hannah", "Isla", "Jasmine", "Kate",
        "Lily", "Maya", "Nadia", "Olivia", "Priya", "Rosa", "Sofia", "Tara", "Una", "Violet", "Zara", "Aisha", "Mei",
    ]
    static let maleForenames = [
        "Adam", "Ben", "Callum", "Daniel", "Ethan", "Finn", "George", "Harry", "Ibrahim", "Jack", "Kieran", "Liam",
        "Mohammed", "Noah", "Oscar", "Patrick", "Reuben", "Samuel", "Theo", "Umar", "Victor", "William", "Yusuf",
    ]
    static let streetKinds = ["Street", "Road", "Lane", "Close", "Avenue", "Crescent", "Way", "Gardens"]
    static let towns = ["Testbury", "Mockford", "Synthwick", "Sampleton", "Fauxley", "Stubworth"]
    static let counties = ["Testshire", "Mockshire"]
    static let postcodeLetters = Array("ABDEFGHJLNPQRSTUWXYZ").map(String.init)

    static let ethnicity = WeightedChoice([
        ("A", 600), ("B", 30), ("C", 60), ("D", 10), ("E", 10), ("F", 10), ("G", 10), ("H", 40), ("J", 30), ("K", 10),
        ("L", 20), ("M", 20), ("N", 30), ("P", 10), ("R", 10), ("S", 20), ("Z", 50), ("99", 30),
    ])
    static let legacySex = WeightedChoice([("1", 480), ("2", 500), ("0", 10), ("9", 10)])
    /// HL7 v3 marital codes as the PAS stored them; UNK only ever comes from a planned trap.
    static let adultMarital = WeightedChoice([("S", 30), ("M", 40), ("D", 10), ("W", 10), ("L", 3), ("U", 7)])
    static let referralSource = WeightedChoice([
        ("03", 600), ("04", 80), ("05", 100), ("06", 30), ("10", 50), ("01", 50), ("11", 20), ("12", 20),
        ("13", 15), ("14", 15), ("92", 10), ("97", 10),
    ])
    static let priority = WeightedChoice([("1", 70), ("2", 20), ("3", 10)])
    static let attendance = WeightedChoice([("5", 800), ("6", 30), ("7", 10), ("3", 70), ("2", 50), ("4", 40)])
    static let outcome = WeightedChoice([("1", 30), ("2", 50), ("3", 20)])
    static let electiveAdmission = WeightedChoice([("11", 50), ("12", 40), ("13", 10)])
    static let emergencyAdmission = WeightedChoice([
        ("21", 600), ("22", 100), ("23", 20), ("24", 50), ("25", 20), ("2A", 30), ("2B", 30), ("2D", 40), ("81", 20),
    ])
    static let admissionSource = WeightedChoice([
        ("19", 850), ("29", 20), ("39", 10), ("51", 50), ("54", 15), ("65", 10), ("85", 35), ("87", 10),
    ])
    static let administrativeCategory = WeightedChoice([("01", 970), ("02", 20), ("03", 5), ("04", 5)])
    static let dischargeMethod = WeightedChoice([("1", 930), ("6", 20), ("7", 10), ("3", 3), ("9", 10)])
    static let dischargeDestination = WeightedChoice([
        ("19", 850), ("29", 20), ("54", 30), ("65", 20), ("85", 40), ("51", 20), ("87", 10), ("99", 10),
    ])

    static let icd10 = [
        "I10", "E11.9", "J18.9", "I21.9", "K35.8", "S72.0", "N39.0", "C50.9", "J44.1", "R07.4", "I48.9", "K80.2",
        "M16.9", "M17.9", "H25.9", "K40.9", "N20.0", "I63.9", "J45.9", "F32.9", "O80.9", "L03.1", "K57.3", "D50.9",
    ]
    static let opcs4 = [
        "W37.1", "W38.1", "W40.1", "H01.1", "J18.3", "T20.2", "C71.2", "C75.1", "G45.1", "H22.9", "M45.9", "Q07.4",
        "R17.2", "K49.1", "L75.1", "A52.1",
    ]
    static let referralReasons = [
        "Chest pain on exertion", "Abnormal bloods, please review", "Recurrent falls", "Lump, ?cause",
        "Knee pain, failed physio", "Headaches \"worse in mornings\"", "Shortness of breath", "Follow-up after ED",
        "Rash, not settling", "Weight loss, ?cause",
    ]
    static let alerts = [
        ("FALLS", "Falls risk, uses frame"), ("MRSA", "MRSA positive 2019, screen on admission"),
        ("DNACPR", "DNACPR in place, see community form"), ("SAFEGUARD", "Safeguarding concern, see notes"),
        ("HEARING", "Hard of hearing, prefers written info"), ("LD", "Learning disability, has passport"),
    ]
    static let allergens = [
        ("Penicillin", "Rash"), ("Latex", "Urticaria"), ("Peanut", "Anaphylaxis"), ("Codeine", "Nausea, vomiting"),
        ("Elastoplast", "Skin irritation"), ("Trimethoprim", "\"Swelling\" per patient"), ("Iodine contrast", nil),
    ]
    static let consentTypes = [
        "SMS_REMINDERS", "EMAIL_LETTERS", "RESEARCH_CONTACT", "NATIONAL_DATA_OPT_OUT", "SCR_ADDITIONAL_INFO",
    ]
    static let relationships = ["SPOUSE", "PARTNER", "SON", "DAUGHTER", "FRIEND", "SIBLING", "NEIGHBOUR"]
}

/// Draws one value with fixed integer weights, so the draw costs one random number and a short scan.
struct WeightedChoice: Sendable {
    private let values: [String]
    private let cumulative: [Int]

    /// Creates a choice from (value, weight) pairs; weights must be positive.
    init(_ pairs: [(String, Int)]) {
        values = pairs.map(\.0)
        var running = 0
        cumulative = pairs.map { pair in
            running += pair.1
            return running
        }
    }

    /// Every value that can be drawn.
    var allValues: [String] { values }

    /// One value.
    func pick(_ random: inout SeededRandom) -> String {
        let target = random.below(cumulative.last ?? 1)
        var index = 0
        while index < cumulative.count - 1 && cumulative[index] <= target { index += 1 }
        return values[index]
    }
}
