/// The parameters of a query string (`a=1&b=x%20y`), decoded as HTML forms encode them.
package struct QueryParameters: Sendable, Equatable {
    /// Name and value pairs in order; a name without `=` has an empty value.
    package let items: [(name: String, value: String)]

    /// Parses `query`; pairs whose percent-encoding is malformed are kept undecoded rather than dropped, so a
    /// route can still reject them with a precise message.
    package init(parsing query: Substring) {
        var items: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                name = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                name = pair
                value = ""
            }
            let decodedName = PercentDecoding.decode(name, plusAsSpace: true) ?? String(name)
            let decodedValue = PercentDecoding.decode(value, plusAsSpace: true) ?? String(value)
            items.append((name: decodedName, value: decodedValue))
        }
        self.items = items
    }

    /// The first value of `name`, if present.
    package subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order (`?kind=a&kind=b`).
    package func values(of name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    /// Pairs are equal in order and content.
    package static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.items.elementsEqual(rhs.items) { $0.name == $1.name && $0.value == $1.value }
    }
}
