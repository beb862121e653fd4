/// The two source tables the product supplies itself, beside the legacy extract's.
///
/// `code_system` and `code_value` are filled from the bundled NHS code sets, not from the PAS, and `migration_xref`
/// from the ETL's own record of what it migrated. Giving both a table definition lets their contract rows be written,
/// validated and approved exactly like every other row, instead of being special cases hidden in code.
package enum BuiltInSource {
    /// The bundled code-set catalog, one row per code (`CodeSetCatalog.entries`).
    package static let codeSetsName = "BUNDLED_CODE_SETS"
    /// One row per migrated target row, produced by the ETL while it writes.
    package static let provenanceName = "ETL_PROVENANCE"
    /// `migration_xref.source_system` of rows that come from the bundled code sets.
    package static let codeSetsSystem = "bundled_code_sets"

    /// Columns of `BUNDLED_CODE_SETS`; the key is (code set, code).
    package static let codeSets = SourceTable(
        name: codeSetsName, summary: "One code of a bundled NHS code set (Resources/codesets/nhs-code-sets.csv).",
        columns: [
            .textKey("CODE_SET"), .textKey("CODE"), .plain("DESCRIPTION", .string), .plain("STATUS", .string),
            .plain("VERSION", .string),
        ])

    /// Columns of `ETL_PROVENANCE`, in the order the ETL fills them.
    package static let provenance = SourceTable(
        name: provenanceName, summary: "One migrated target row: where it came from, in which run.",
        columns: [
            .key("XREF_NO"), .plain("SOURCE_SYSTEM", .string), .plain("SOURCE_TABLE", .string),
            .plain("SOURCE_KEY", .string), .plain("TARGET_TABLE", .string), .plain("TARGET_KEY", .string),
            .plain("RUN_ID", .string), .plain("MIGRATED_AT", .string),
            .plain("SOURCE_ROW_SHA256", .string, nullable: true),
        ])

    /// The legacy model's tables followed by the built-in ones: every name a contract row may use as its source.
    package static func tables(of model: SourceModel) -> [SourceTable] {
        model.tables + [codeSets, provenance]
    }

    /// The table called `name` in the legacy model or among the built-ins.
    package static func table(named name: String, in model: SourceModel) -> SourceTable? {
        model.table(named: name) ?? [codeSets, provenance].first { $0.name == name }
    }

    /// Whether `name` is one of the built-in tables.
    package static func isBuiltIn(_ name: String) -> Bool {
        name == codeSetsName || name == provenanceName
    }
}
