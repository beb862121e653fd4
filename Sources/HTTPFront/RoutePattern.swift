/// A path pattern such as `/api/runs/:id/rejects`: literal segments and `:name` parameters.
package struct RoutePattern: Sendable, Equatable, CustomStringConvertible {
    /// One segment of the pattern.
    package enum Segment: Sendable, Equatable {
        /// Must equal the request's segment exactly (after percent-decoding).
        case literal(String)
        /// Matches any one non-empty segment and captures it under the name.
        case parameter(String)
    }

    /// The segments, without empty ones (`/a//b/` is `a`, `b`).
    package let segments: [Segment]

    /// Parses a pattern; `:name` segments are parameters.
    package init(_ pattern: String) {
        segments = pattern.split(separator: "/").map { part in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
    }

    /// How many segments are literal: with two patterns matching, the more literal one wins
    /// (`/api/runs/latest` before `/api/runs/:id`).
    package var literalCount: Int {
        segments.reduce(0) { count, segment in
            if case .literal = segment { return count + 1 }
            return count
        }
    }

    /// The captured parameters if `path` (decoded segments) matches, else nil.
    package func match(_ path: [String]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(segments, path) {
            switch segment {
            case .literal(let literal):
                guard literal == value else { return nil }
            case .parameter(let name):
                parameters[name] = value
            }
        }
        return parameters
    }

    /// The pattern as written, e.g. `/api/runs/:id`.
    package var description: String {
        "/"
            + segments.map { segment in
                switch segment {
                case .literal(let literal): return literal
                case .parameter(let name): return ":" + name
                }
            }.joined(separator: "/")
    }
}
