extension MockPASRun {
    /// `value` in decimal, left-padded with zeros to `width` digits.
    func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// An obviously synthetic surname ("Mockwell", "Testbury"), now and then hyphenated or with an apostrophe so
    /// that name handling downstream meets them.
    func surname() -> String {
        let base = random.pick(SyntheticVocabulary.surnameStems) + random.pick(SyntheticVocabulary.surnameEndings)
        switch random.below(40) {
        case 0: return "O'" + base
        case 1: return base + "-" + random.pick(SyntheticVocabulary.surnameStems) + "ley"
        default: return base
        }
    }

    /// A forename matching the legacy sex code (unknown/unspecified draw from both lists).
    func forename(sex: String) -> String {
        switch sex {
        case "1": random.pick(SyntheticVocabulary.maleForenames)
        case "2": random.pick(SyntheticVocabulary.femaleForenames)
        default:
            random.chance(0.5)
                ? random.pick(SyntheticVocabulary.maleForenames) : random.pick(SyntheticVocabulary.femaleForenames)
        }
    }

    /// "12 Mockwell Road".
    func streetAddress() -> String {
        "\(1 + random.below(180)) \(random.pick(SyntheticVocabulary.surnameStems))"
            + "\(random.pick(SyntheticVocabulary.surnameEndings)) \(random.pick(SyntheticVocabulary.streetKinds))"
    }

    /// A postcode in the non-existent XX area, e.g. "XX14 7QT".
    func postcode() -> String {
        "XX\(1 + random.below(40)) \(random.below(10))"
            + random.pick(SyntheticVocabulary.postcodeLetters) + random.pick(SyntheticVocabulary.postcodeLetters)
    }

    /// A landline in Ofcom's drama range 01632 960000–960999.
    func landline() -> String {
        "01632 960" + zeroPadded(random.below(1000), width: 3)
    }

    /// A mobile in Ofcom's drama range 07700 900000–900999.
    func mobile() -> String {
        "07700 900" + zeroPadded(random.below(1000), width: 3)
    }
}
