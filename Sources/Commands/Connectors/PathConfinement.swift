import Foundation
import Glibc

/// Keeps a connector's file reads inside one folder (the server's data root), symbolic links followed.
///
/// The HTTP API builds connectors from settings and table names a client sent, so every file such a connector
/// opens is first resolved with `realpath(3)` and refused unless it lies inside the root. The refusal reads the
/// same whether the outside path exists or not, so an API client cannot probe the server's file system. The CLI
/// builds connectors without one: its user can read those files anyway.
package struct PathConfinement: Sendable, Equatable {
    /// The root, resolved.
    package let root: String

    /// The confinement to `root` (resolved now); nil when `root` does not resolve.
    package init?(root: String) {
        guard let resolved = Self.resolve(root) else { return nil }
        self.root = resolved
    }

    /// `path` resolved, when it names an existing file or folder inside the root; otherwise a refusal that does
    /// not say whether `path` exists.
    package func check(_ path: String, what: String) throws(ConnectorError) -> String {
        guard let resolved = Self.resolve(path), resolved == root || resolved.hasPrefix(root + "/") else {
            throw ConnectorError(
                .invalidSetting,
                "\(what) must name an existing file or folder inside the server's data root (give it relative to "
                    + "the root, e.g. mock_data/source/csv); this one does not")
        }
        return resolved
    }

    /// `path` with every symbolic link and `.`/`..` resolved, or nil when it does not exist.
    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// What a source table name may be: a plain name, never a path.
package enum SourceTableName {
    /// Longest name accepted.
    package static let maximumLength = 128

    /// Refuses anything but letters, digits and `_ $ # -` (not first), so a name can never reach outside a folder.
    package static func check(_ name: String) throws(ConnectorError) {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "#")
                || byte == UInt8(ascii: "-")
        }
        guard !name.isEmpty, name.utf8.count <= maximumLength, allowed, !name.hasPrefix("-") else {
            throw ConnectorError(
                .unknownTable,
                "a source table name is letters, digits and _ $ # - (at most \(maximumLength), not starting with -); "
                    + "'\(name.prefix(40))' is not one — list the tables with discover")
        }
    }
}
