import Projections

extension MappingContract {
    /// A check of edited rows against the mock PAS source model and the bundled EPR DDL, for the mapping workflow.
    package static func validator() throws -> ([MappingRow]) throws -> Void {
        let target = try EPRSchema.bundled().tables
        let tables = try DefaultMappingContract.loadTables()
        let crosswalk = try Crosswalk.bundled()
        return { rows in
            try validate(rows, source: .mockPAS, target: target, tables: tables, crosswalks: crosswalk)
        }
    }
}
