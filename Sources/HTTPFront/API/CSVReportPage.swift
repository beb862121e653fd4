import Commands
import EventStore
import Foundation
import Projections

/// A page of a CSV report a run wrote (rejects, quality issues): streamed, filtered by column equality, counted.
///
/// Only the rows of the requested page are kept in memory, so a large report costs one read, not its size.
enum CSVReportPage {
    /// Reads `relativePath` under the data root, keeping rows whose `filters` columns equal the given values.
    static func read(
        _ relativePath: String, root: DataRoot, filters: [String: String], page: APIPage, what: String
    ) throws -> JSONValue {
        let url = root.file(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw APIError.notFound(
                "\(relativePath) does not exist yet: no lifecycle run has written \(what); POST /api/runs/execute")
        }
        let reader = try CSVReader(url: url)
        defer { reader.close() }
        let header = reader.header
        let checks = filters.compactMap { name, value in header.firstIndex(of: name).map { ($0, value) } }
        let first = (page.page - 1) * page.size
        var total = 0
        var items: [JSONValue] = []
        while let row = try reader.next() {
            guard checks.allSatisfy({ $0.0 < row.count && row[$0.0] == $0.1 }) else { continue }
            if total >= first, items.count < page.size {
                var object: [String: JSONValue] = [:]
                for (index, name) in header.enumerated() where index < row.count {
                    object[name] = .string(row[index])
                }
                items.append(.object(object))
            }
            total += 1
        }
        return [
            "items": .array(items), "page": .int(page.page), "page_size": .int(page.size), "total": .int(total),
            "pages": .int(max(1, (total + page.size - 1) / page.size)), "columns": .array(header.map(JSONValue.string)),
            "source": .string(relativePath),
        ]
    }

    /// The schema of such a page.
    static let schema = APIPage.schema(
        .map(.string(), description: "one CSV row: column → value"),
        extra: ["columns": .array(.string()), "source": .string()])
}
