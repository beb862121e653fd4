/// A column of a RowDescription.
package struct PostgresColumn: Equatable, Sendable {
    /// The column's name (or the expression's alias).
    package var name: String
    /// The table it comes from, 0 when it is an expression.
    package var tableOID: UInt32
    /// Its attribute number in that table, 0 when it is an expression.
    package var attributeNumber: Int16
    /// The data type's OID (`pg_type.oid`), e.g. 25 text, 23 int4.
    package var typeOID: UInt32
    /// Whether values arrive in text format (this client always asks for text).
    package var isText: Bool
}
