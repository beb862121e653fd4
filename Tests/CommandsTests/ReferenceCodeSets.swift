import Foundation
import Projections
import XCTest

/// The NHS code sets of the shared reference (Fixtures/reference/nhs-code-sets.csv), read with the CSV reader.
struct ReferenceCodeSets {
    /// Superseded codes the reference still lists without the word "Retired" (see the reference README).
    static let superseded: Set<String> = ["ADMISSION_METHOD/28"]
    /// Code sets that exist only to name retired codes.
    static let retiredSets: Set<String> = ["DISCHARGE_METHOD_RETIRED"]

    /// code set -> (code, description), in file order.
    let entries: [String: [(code: String, description: String)]]

    init() throws {
        let fixtures = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let reader = try CSVReader(url: fixtures.appendingPathComponent("reference/nhs-code-sets.csv"))
        XCTAssertEqual(reader.header, ["code_set", "code", "description"])
        var entries: [String: [(code: String, description: String)]] = [:]
        try reader.forEachRow { row in
            entries[row[0], default: []].append((code: row[1], description: row[2]))
        }
        self.entries = entries
    }

    /// Every code of `codeSet`, retired ones included.
    func allCodes(_ codeSet: String) -> [String] {
        entries[codeSet]?.map(\.code) ?? []
    }

    /// The codes a migration may load: not marked retired, not superseded, not from a retired-codes set.
    func activeCodes(_ codeSet: String) -> [String] {
        guard !Self.retiredSets.contains(codeSet) else {
            return []
        }
        return (entries[codeSet] ?? []).filter { entry in
            !entry.description.contains("(Retired") && !Self.superseded.contains("\(codeSet)/\(entry.code)")
        }.map(\.code)
    }
}
