/// Rows fetched by `preview`.
package struct PostgresSourceRows: Sendable, Equatable {
    /// Column names in order.
    package var columns: [String]
    /// Text values; nil is SQL NULL.
    package var rows: [[String?]]
}
