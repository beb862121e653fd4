/// The fixed text of a `pg_dump --no-owner` plain-format dump, for the mock PAS's dump: as pg_dump 15.18 writes it
/// (checked byte for byte against a real server's dump of the loaded mock, `\restrict` lines aside).
enum PgDumpText {
    static let preamble = """
        --
        -- PostgreSQL database dump
        --

        -- Dumped from database version 15.18
        -- Dumped by pg_dump version 15.18

        SET statement_timeout = 0;
        SET lock_timeout = 0;
        SET idle_in_transaction_session_timeout = 0;
        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;
        SELECT pg_catalog.set_config('search_path', '', false);
        SET check_function_bodies = false;
        SET xmloption = content;
        SET client_min_messages = warning;
        SET row_security = off;

        SET default_tablespace = '';

        SET default_table_access_method = heap;


        """

    static let trailer = """
        --
        -- PostgreSQL database dump complete
        --


        """

    /// The column type PostgreSQL would hold the legacy column in.
    static func sqlType(_ type: SourceColumnType) -> String {
        switch type {
        case .string, .code: return "text"
        case .integer: return "integer"
        case .date: return "date"
        case .datetime: return "timestamp without time zone"
        case .decimal: return "numeric"
        }
    }

    static func tableName(_ table: SourceTable) -> String {
        identifier(table.name.lowercased())
    }

    static func createTable(_ table: SourceTable) -> String {
        let name = table.name.lowercased()
        let columns = table.columns.map { column in
            "    \(identifier(column.name.lowercased())) \(sqlType(column.type))\(column.primaryKey ? " NOT NULL" : "")"
        }
        return """
            --
            -- Name: \(name); Type: TABLE; Schema: public; Owner: -
            --

            CREATE TABLE public.\(tableName(table)) (
            \(columns.joined(separator: ",\n"))
            );



            """
    }

    static func copyHeader(_ table: SourceTable) -> String {
        let name = table.name.lowercased()
        let columns = table.columns.map { identifier($0.name.lowercased()) }.joined(separator: ", ")
        return """
            --
            -- Data for Name: \(name); Type: TABLE DATA; Schema: public; Owner: -
            --

            COPY public.\(tableName(table)) (\(columns)) FROM stdin;

            """
    }

    static func primaryKey(_ table: SourceTable) -> String {
        let name = table.name.lowercased()
        let keys = table.primaryKey.map { identifier($0.lowercased()) }.joined(separator: ", ")
        return """
            --
            -- Name: \(name) \(name)_pkey; Type: CONSTRAINT; Schema: public; Owner: -
            --

            ALTER TABLE ONLY public.\(tableName(table))
                ADD CONSTRAINT \(identifier(name + "_pkey")) PRIMARY KEY (\(keys));



            """
    }

    /// `name`, double-quoted when PostgreSQL would need it (not lower-case letters/digits/_, or a keyword).
    static func identifier(_ name: String) -> String {
        let plain =
            name.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
            && name.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        if plain && !keywords.contains(name) { return name }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Keywords `quote_identifier` quotes (reserved, type/function-name and column-name keywords).
    static let keywords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
        "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
        "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
        "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
        "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
        "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group",
        "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect",
        "interval", "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
        "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
        "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
        "position", "precision", "primary", "real", "references", "returning", "right", "row", "select",
        "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "system_user", "table",
        "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique",
        "user", "using", "values", "varchar", "variadic", "verbose", "when", "where", "window", "with",
    ]
}
