import Foundation

extension Crosswalk {
    /// Loads the catalog and crosswalk shipped with this module.
    package static func bundled() throws(CodeSetError) -> Crosswalk {
        try Crosswalk(directory: CodeSetCatalog.bundledDirectory)
    }

    /// Loads `nhs-code-sets.csv`, `VERSION` and `crosswalks.csv` from `directory`.
    package init(directory: URL) throws(CodeSetError) {
        let catalog = try CodeSetCatalog(directory: directory)
        let text = try CodeSetCatalog.readText(directory.appendingPathComponent(Self.fileName))
        try self.init(catalog: catalog, csv: text)
    }

    /// Parses the text of `crosswalks.csv` and checks every row against `catalog`.
    package init(catalog: CodeSetCatalog, csv text: String) throws(CodeSetError) {
        let rows: [(line: Int, fields: [String])]
        do {
            rows = try ResourceCSVReader.table(in: text, header: Self.header)
        } catch {
            throw .malformedRow(file: Self.fileName, line: error.line, reason: error.reason)
        }
        var entries: [CrosswalkEntry] = []
        for row in rows {
            let fields = row.fields
            guard let relationship = CrosswalkEntry.Relationship(rawValue: fields[4]) else {
                let allowed = CrosswalkEntry.Relationship.allCases.map(\.rawValue).joined(separator: ", ")
                throw .malformedRow(
                    file: Self.fileName, line: row.line,
                    reason: "relationship \"\(fields[4])\" is not one of \(allowed)")
            }
            let autoMap: Bool
            switch fields[6] {
            case "yes": autoMap = true
            case "no": autoMap = false
            default:
                throw .malformedRow(file: Self.fileName, line: row.line, reason: "auto_map must be yes or no")
            }
            // Several targets are written "6|7"; an empty field means no target at all, not one empty code.
            let targets =
                fields[3].isEmpty
                ? [] : fields[3].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            entries.append(
                CrosswalkEntry(
                    sourceCodeSet: fields[0], sourceCode: fields[1], targetCodeSet: fields[2], targetCodes: targets,
                    relationship: relationship, basis: fields[5], autoMap: autoMap))
        }
        do {
            try self.init(catalog: catalog, entries: entries)
        } catch {
            // Positions from init(catalog:entries:) assume one row per line; report the real line instead.
            switch error {
            case .inconsistentCrosswalk(let position, let reason) where position - 2 < rows.count:
                throw .inconsistentCrosswalk(line: rows[position - 2].line, reason: reason)
            case .duplicate(let file, let position, let key) where position - 2 < rows.count:
                throw .duplicate(file: file, line: rows[position - 2].line, key: key)
            default:
                throw error
            }
        }
    }
}
