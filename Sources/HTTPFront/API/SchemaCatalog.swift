import Commands
import EventStore
import Projections

/// Both sides' schemas in one shape for the API: the legacy PAS source model and the EPR target DDL.
struct SchemaCatalog {
    /// One column.
    struct Field {
        var name: String
        var type: String
        var nullable: Bool
        var primaryKey: Bool
        var references: (table: String, column: String)?
        var codeSet: String?
    }

    /// One table.
    struct Table {
        var name: String
        var summary: String
        var fields: [Field]
    }

    /// `source` or `target`.
    var side: String
    /// The tables in model order.
    var tables: [Table]

    /// The sides the API knows.
    static let sides = ["source", "target"]

    /// The catalog of `side` (the route checked it is one of `sides`).
    static func of(_ side: String, state: ControlPlaneState) -> SchemaCatalog {
        if side == "source" {
            return SchemaCatalog(
                side: side,
                tables: SourceModel.mockPAS.tables.map { table in
                    Table(
                        name: table.name, summary: table.summary,
                        fields: table.columns.map { column in
                            Field(
                                name: column.name, type: column.type.rawValue, nullable: column.nullable,
                                primaryKey: column.primaryKey, references: split(column.foreignKey),
                                codeSet: column.codeSet)
                        })
                })
        }
        return SchemaCatalog(
            side: side,
            tables: state.targetSchema.tables.map { table in
                Table(
                    name: table.name, summary: "",
                    fields: table.columns.map { column in
                        Field(
                            name: column.name, type: column.type, nullable: column.nullable,
                            primaryKey: column.primaryKey, references: split(column.foreignKey), codeSet: column.codeSet
                        )
                    })
            })
    }

    /// `TABLE.COLUMN` as its parts.
    private static func split(_ reference: String?) -> (table: String, column: String)? {
        guard let reference, let dot = reference.firstIndex(of: ".") else { return nil }
        return (String(reference[..<dot]), String(reference[reference.index(after: dot)...]))
    }

    /// The table named `name`.
    func table(_ name: String) -> Table? { tables.first { $0.name == name } }

    /// A field as JSON.
    static func json(_ field: Field) -> JSONValue {
        [
            "name": .string(field.name), "type": .string(field.type), "nullable": .bool(field.nullable),
            "primary_key": .bool(field.primaryKey),
            "references": field.references.map { ["table": .string($0.table), "column": .string($0.column)] } ?? .null,
            "code_set": field.codeSet.map(JSONValue.string) ?? .null,
        ]
    }

    /// The foreign keys as ERD relationships: many rows of the referencing table to one (or, when the key column
    /// is nullable, zero or one) row of the referenced table.
    var relationships: [JSONValue] {
        tables.flatMap { table in
            table.fields.compactMap { field -> JSONValue? in
                guard let target = field.references else { return nil }
                return [
                    "id": .string("\(table.name).\(field.name)->\(target.table).\(target.column)"),
                    "from_table": .string(table.name), "from_field": .string(field.name),
                    "to_table": .string(target.table), "to_field": .string(target.column),
                    "cardinality": .string(field.nullable ? "many_to_zero_or_one" : "many_to_one"),
                ]
            }
        }
    }

    static let fieldSchema = APISchema.reference(
        "SchemaField",
        .object(
            [
                "name": .string(), "type": .string(), "nullable": .boolean(), "primary_key": .boolean(),
                "references": .nullable(.object(["table": .string(), "column": .string()])),
                "code_set": .nullable(.string()),
            ], required: ["name", "type", "nullable", "primary_key", "references", "code_set"]))

    static let relationshipSchema = APISchema.reference(
        "Relationship",
        .object(
            [
                "id": .string(), "from_table": .string(), "from_field": .string(), "to_table": .string(),
                "to_field": .string(), "cardinality": .string(enumeration: ["many_to_one", "many_to_zero_or_one"]),
            ], required: ["id", "from_table", "from_field", "to_table", "to_field", "cardinality"]))
}
