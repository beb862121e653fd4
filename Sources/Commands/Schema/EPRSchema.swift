import Foundation
import Projections

/// The target EPR model: the bundled DDL (`Resources/epr/epr_schema.sql`) and the 38 tables parsed from it.
///
/// The DDL is the single source of truth. The schema step copies it to `mock_data/target/epr_schema.sql` byte for
/// byte and derives `schemas/target_schema_catalog.csv` from `tables`; the mapping and ETL steps take column order,
/// keys and code sets from `tables`. Nothing here is hand-maintained twice.
package struct EPRSchema: Sendable {
    /// The resource's name in the module bundle.
    package static let resourceName = "epr_schema.sql"

    /// The DDL text exactly as bundled.
    package let ddl: String
    /// The tables in DDL order (which is dependency order).
    package let tables: [TableSchema]

    /// Parses `ddl`; errors are `DDLError`s naming `source`.
    package init(ddl: String, source: String = EPRSchema.resourceName) throws {
        self.ddl = ddl
        self.tables = try DDLParser.parse(ddl, source: source)
    }

    /// The DDL shipped with the product, parsed.
    package static func bundled() throws -> EPRSchema {
        let url = try bundledURL()
        let data = try Data(contentsOf: url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw DDLError(source: resourceName, line: 1, column: 1, message: "the bundled DDL is not valid UTF-8")
        }
        return try EPRSchema(ddl: text)
    }

    /// Where the bundled DDL lives on disk.
    package static func bundledURL() throws -> URL {
        guard
            let url = Bundle.module.url(
                forResource: "epr_schema", withExtension: "sql", subdirectory: "Resources/epr")
        else {
            throw DDLError(
                source: resourceName, line: 0, column: 0,
                message: "the bundled EPR DDL is missing from the Commands resources; rebuild the product")
        }
        return url
    }

    /// The table called `name`, if the model has one.
    package func table(named name: String) -> TableSchema? {
        tables.first { $0.name == name }
    }

    /// Writes the target schema catalog (one row per column) to `url` atomically; returns the number of rows.
    @discardableResult
    package func writeCatalog(to url: URL) throws -> Int {
        try SchemaCatalogWriter.write(tables, to: url)
    }
}
