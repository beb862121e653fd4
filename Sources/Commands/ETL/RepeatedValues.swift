/// The values that occur more than once in one source column, found by reading the column once before its pass.
///
/// `duplicate(COL)` variants (`patient_link`: a patient whose NHS number an earlier patient already holds) need,
/// for each value, the key of the first migrated row that held it. Remembering that for every value would keep an
/// entry per patient; a value that occurs once in the whole file can never make a row a duplicate, so when only
/// `duplicate(COL)` rows read the index (see `ETLPlan.repeatedOnlySlots`) the ETL remembers first rows for the
/// values found here alone. Finding them costs one bit per canonical number (a `NumberSet`, which turns into a
/// bitmap when the numbers are dense, as NHS numbers in the 999 test range are) and the text of other values.
struct RepeatedValues {
    /// Canonical numbers of at most 18 digits seen so far.
    private var numbers: NumberSet
    /// Other values seen so far (few: malformed or zero-padded numbers).
    private var texts = Set<String>()
    /// Values seen more than once.
    private(set) var repeated = Set<String>()

    /// An empty finder whose number bitmap, if any, lives in `pool`.
    init(pool: PagePool) {
        numbers = NumberSet(pool: pool)
    }

    /// Notes one occurrence of `value` (not empty).
    mutating func observe(_ value: String) {
        let new: Bool
        if let number = KeySet.number(value, maxDigits: 18) {
            new = numbers.insert(UInt64(number))
        } else {
            new = texts.insert(value).inserted
        }
        if !new {
            repeated.insert(value)
        }
    }
}
