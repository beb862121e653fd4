import Foundation

extension CodeSetCatalog {
    /// File name of the code-set list inside a code-set directory.
    package static let codeSetsFileName = "nhs-code-sets.csv"
    /// File name of the bundle version inside a code-set directory.
    package static let versionFileName = "VERSION"
    /// Header `nhs-code-sets.csv` must have, in this order.
    package static let header = ["code_set", "code", "description", "status", "version"]

    /// The directory holding the code-set files shipped with this module (`Resources/codesets`).
    package static var bundledDirectory: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources/codesets", isDirectory: true)
    }

    /// Loads the catalog shipped with this module.
    package static func bundled() throws(CodeSetError) -> CodeSetCatalog {
        try CodeSetCatalog(directory: bundledDirectory)
    }

    /// Loads `nhs-code-sets.csv` and `VERSION` from `directory` (for a steward-maintained copy outside the build).
    package init(directory: URL) throws(CodeSetError) {
        let text = try Self.readText(directory.appendingPathComponent(Self.codeSetsFileName))
        let versionText = try Self.readText(directory.appendingPathComponent(Self.versionFileName))
        let bundleVersion = versionText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !bundleVersion.isEmpty else {
            throw .malformedRow(file: Self.versionFileName, line: 1, reason: "empty version")
        }
        try self.init(csv: text, bundleVersion: bundleVersion)
    }

    /// Parses the text of `nhs-code-sets.csv`.
    package init(csv text: String, bundleVersion: String) throws(CodeSetError) {
        let file = Self.codeSetsFileName
        let rows: [(line: Int, fields: [String])]
        do {
            rows = try ResourceCSVReader.table(in: text, header: Self.header)
        } catch {
            throw .malformedRow(file: file, line: error.line, reason: error.reason)
        }
        var entries: [Entry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            let fields = row.fields
            guard !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty, !fields[4].isEmpty else {
                throw .malformedRow(
                    file: file, line: row.line, reason: "code_set, code, description and version are required")
            }
            guard let status = Status(rawValue: fields[3]) else {
                throw .malformedRow(
                    file: file, line: row.line, reason: "status \"\(fields[3])\" is not active or retired")
            }
            entries.append(
                Entry(codeSet: fields[0], code: fields[1], description: fields[2], status: status, version: fields[4]))
        }
        do {
            try self.init(entries: entries, bundleVersion: bundleVersion)
        } catch {
            // Re-point the duplicate at the real line: init(entries:) only knows positions.
            if case .duplicate(_, let position, let key) = error, position - 2 < rows.count {
                throw .duplicate(file: file, line: rows[position - 2].line, key: key)
            }
            throw error
        }
    }

    /// Reads a UTF-8 text file, mapping failures to `CodeSetError`.
    static func readText(_ url: URL) throws(CodeSetError) -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .fileMissing(path: url.path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: url.path, reason: "not valid UTF-8")
        }
        return text
    }
}
