/// The in-process stand-in for `dm serve` in `dm bench http --server in-process` and the harness tests: the
/// server core with `/health` and a JSON page of mapping rows, the same work the Hummingbird peer does.
package enum HTTPBenchFixture {
    /// One mapping-like row, as the peer's `Item`.
    struct Row: Encodable {
        let id: Int
        let source: String
        let target: String
        let status: String
    }

    /// A page of rows with the total, as the peer's `Page`.
    struct Page: Encodable {
        let total: Int
        let items: [Row]
    }

    /// 5,000 rows, as the peer holds.
    static let rows = (0..<5000).map {
        Row(id: $0, source: "PATIENT.FIELD_\($0)", target: "patient.field_\($0)", status: "approved")
    }

    /// `GET /health` and `GET /api/mappings?page=P&page_size=N` (N ≤ 500), the body encoded per request.
    package static func router() -> Router {
        var router = Router()
        router.add(.get, "/health") { _, _ in .json(Array(#"{"status":"ok"}"#.utf8)) }
        router.add(.get, "/api/mappings") { request, _ in
            let query = request.query
            let page = Swift.max(1, Int(query["page"] ?? "") ?? 1)
            let size = Swift.min(500, Swift.max(1, Int(query["page_size"] ?? "") ?? 50))
            let start = Swift.min(rows.count, (page - 1) * size)
            return .json(
                encoding: Page(total: rows.count, items: Array(rows[start..<Swift.min(rows.count, start + size)])))
        }
        return router
    }
}
