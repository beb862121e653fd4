import Foundation

/// Writes a schema catalog: one CSV row per column of every table, for `schemas/target_schema_catalog.csv` and
/// `schemas/source_schema_catalog.csv`.
///
/// The catalog is what data stewards review next to the mapping contract, so it is written like any report meant
/// for people: through `CSVWriter`'s atomic commit (a reader never sees half a catalog) and with formula
/// neutralisation on, because the source catalog's names come from the legacy system's data dictionary and must
/// not run as spreadsheet formulas. Booleans are `yes`/`no`; absent foreign keys and code sets are empty cells.
package enum SchemaCatalogWriter {
    /// The catalog's header, exactly.
    package static let header = ["table", "column", "type", "nullable", "primary_key", "foreign_key", "code_set"]

    /// The catalog's data rows for `tables`, in table order then column order.
    package static func rows(for tables: [TableSchema]) -> [[String]] {
        tables.flatMap { table in
            table.columns.map { column in
                [
                    table.name, column.name, column.type, yesNo(column.nullable), yesNo(column.primaryKey),
                    column.foreignKey ?? "", column.codeSet ?? "",
                ]
            }
        }
    }

    /// Writes the catalog of `tables` to `url` atomically and returns the number of data rows.
    @discardableResult
    package static func write(_ tables: [TableSchema], to url: URL) throws -> Int {
        let writer = try CSVWriter(url: url, header: header, neutraliseFormulas: true)
        do {
            for row in rows(for: tables) {
                try writer.write(row)
            }
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
        return writer.rowsWritten
    }

    private static func yesNo(_ value: Bool) -> String {
        value ? "yes" : "no"
    }
}
