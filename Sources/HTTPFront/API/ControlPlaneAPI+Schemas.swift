import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// Source and target schemas by side and table, field drill-down (with the mapping rows that use the field),
    /// and the ERD.
    static var schemaRoutes: [APIRoute] {
        let sideParameter = APIParameter(
            name: "side", location: .path, schema: .string(enumeration: SchemaCatalog.sides), required: true,
            description: "source (legacy PAS) or target (EPR)")
        let tableSummary = APISchema.object(
            [
                "name": .string(), "summary": .string(), "fields": .integer(minimum: 0),
                "primary_key": .array(.string()),
            ], required: ["name", "summary", "fields", "primary_key"])
        return [
            APIRoute(
                .get, "/api/schemas", id: "listSchemaSides", tag: "schemas",
                summary: "the two sides and how many tables each has", permission: .read,
                parameters: APIParameter.pagination,
                response: APIPage.schema(
                    .object(["side": .string(), "tables": .integer(minimum: 0)], required: ["side", "tables"]))
            ) { request, state in
                APIRoute.Reply(
                    APIPage(request).wrap(
                        SchemaCatalog.sides.map { side in
                            ["side": .string(side), "tables": .int(SchemaCatalog.of(side, state: state).tables.count)]
                        }))
            },
            APIRoute(
                .get, "/api/schemas/:side", id: "listSchemaTables", tag: "schemas",
                summary: "the tables of one side, paginated", permission: .read,
                parameters: [sideParameter] + APIParameter.pagination, response: APIPage.schema(tableSummary)
            ) { request, state in
                let catalog = try catalog(request, state)
                return APIRoute.Reply(
                    APIPage(request).wrap(
                        catalog.tables.map { table in
                            [
                                "name": .string(table.name), "summary": .string(table.summary),
                                "fields": .int(table.fields.count),
                                "primary_key": .array(
                                    table.fields.filter(\.primaryKey).map { .string($0.name) }),
                            ]
                        }))
            },
            APIRoute(
                .get, "/api/schemas/:side/:table", id: "getSchemaTable", tag: "schemas",
                summary: "one table's fields, paginated", permission: .read,
                parameters: [sideParameter, .path("table", "table name")] + APIParameter.pagination,
                response: APIPage.schema(
                    SchemaCatalog.fieldSchema, extra: ["table": .string(), "side": .string(), "summary": .string()])
            ) { request, state in
                let table = try table(request, state)
                return APIRoute.Reply(
                    APIPage(request).wrap(
                        table.fields.map(SchemaCatalog.json),
                        extra: [
                            "table": .string(table.name), "side": .string(request.path("side")),
                            "summary": .string(table.summary),
                        ]))
            },
            APIRoute(
                .get, "/api/schemas/:side/:table/fields/:field", id: "getSchemaField", tag: "schemas",
                summary: "field drill-down: the column, what references it, and the mapping rows that use it",
                permission: .read,
                parameters: [sideParameter, .path("table", "table name"), .path("field", "column name")],
                response: .object(
                    [
                        "side": .string(), "table": .string(), "field": SchemaCatalog.fieldSchema,
                        "referenced_by": .array(SchemaCatalog.relationshipSchema),
                        "mappings": .array(MappingRowJSON.schema),
                    ], required: ["side", "table", "field", "referenced_by", "mappings"])
            ) { request, state in
                let side = request.path("side")
                let table = try table(request, state)
                let name = request.path("field")
                guard let field = table.fields.first(where: { $0.name == name }) else {
                    throw APIError.notFound(
                        "no field '\(name)' in \(side) table \(table.name); GET /api/schemas/\(side)/\(table.name) lists them"
                    )
                }
                let relationships = SchemaCatalog.of(side, state: state).relationships.filter {
                    $0["to_table"]?.stringValue == table.name && $0["to_field"]?.stringValue == name
                }
                let rows = try state.projections().contract.orderedRows.filter { row in
                    side == "target"
                        ? row.targetTable == table.name && row.targetField == name
                        : row.sourceTable == table.name && row.sourceField == name
                }
                return APIRoute.Reply(
                    [
                        "side": .string(side), "table": .string(table.name), "field": SchemaCatalog.json(field),
                        "referenced_by": .array(relationships), "mappings": .array(rows.map(MappingRowJSON.json)),
                    ])
            },
            APIRoute(
                .get, "/api/erd", id: "getERD", tag: "schemas",
                summary: "entity-relationship diagram of one side: tables and relationships (id, cardinality)",
                permission: .read,
                parameters: [
                    .query("side", .string(enumeration: SchemaCatalog.sides), "source or target (default target)")
                ],
                response: .object(
                    [
                        "side": .string(),
                        "tables": .array(
                            .object(
                                [
                                    "name": .string(), "primary_key": .array(.string()),
                                    "fields": .array(SchemaCatalog.fieldSchema),
                                ], required: ["name", "primary_key", "fields"])),
                        "relationships": .array(SchemaCatalog.relationshipSchema),
                    ], required: ["side", "tables", "relationships"])
            ) { request, state in
                let side = request.string("side") ?? "target"
                let catalog = SchemaCatalog.of(side, state: state)
                return APIRoute.Reply(
                    [
                        "side": .string(side),
                        "tables": .array(
                            catalog.tables.map { table in
                                [
                                    "name": .string(table.name),
                                    "primary_key": .array(table.fields.filter(\.primaryKey).map { .string($0.name) }),
                                    "fields": .array(table.fields.map(SchemaCatalog.json)),
                                ]
                            }),
                        "relationships": .array(catalog.relationships),
                    ])
            },
        ]
    }

    static func catalog(_ request: APIRequest, _ state: ControlPlaneState) throws -> SchemaCatalog {
        let side = request.path("side")
        guard SchemaCatalog.sides.contains(side) else {
            throw APIError.notFound("no schema side '\(side)'; sides: source, target")
        }
        return SchemaCatalog.of(side, state: state)
    }

    static func table(_ request: APIRequest, _ state: ControlPlaneState) throws -> SchemaCatalog.Table {
        let catalog = try catalog(request, state)
        let name = request.path("table")
        guard let table = catalog.table(name) else {
            throw APIError.notFound("no \(catalog.side) table '\(name)'; GET /api/schemas/\(catalog.side) lists them")
        }
        return table
    }
}
