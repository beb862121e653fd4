import EventStore
import Foundation

/// Serves the web console's static files (HTML, CSS, JavaScript modules) in front of another responder (the API).
///
/// The console is a fixed set of files loaded once: the ten page paths all answer the one HTML shell, and
/// `/console/<file>` answers the assets. Nothing is read from disk per request, so no path a client sends can reach
/// another file (`/../Package.swift`, `%2e%2e`): only names in the loaded table are ever answered. Every answer
/// carries a strict Content-Security-Policy (scripts and styles from this origin only, no inline code), an ETag
/// (304 on `If-None-Match`) and `X-Content-Type-Options: nosniff`. Everything else goes to `next`.
package struct ConsoleResponder: HTTPResponder {
    /// One console file held in memory.
    package struct Asset: Sendable {
        /// The `Content-Type`.
        package let contentType: String
        /// The bytes.
        package let body: [UInt8]
        /// A strong validator: the body's SHA-256.
        package let etag: String
    }

    /// The page paths that answer the HTML shell.
    package static let pagePaths: Set<String> = [
        "/", "/schemas", "/erd", "/mappings", "/lifecycle", "/runs", "/quality", "/connectors", "/users", "/ledger",
    ]

    /// The policy every console answer carries: nothing inline, nothing from another origin.
    package static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Assets by request path (`/console/app.js`), plus the shell under `/console/index.html`.
    package let assets: [String: Asset]
    /// Where every other request goes.
    package let next: any HTTPResponder

    /// A console serving `files` (name relative to the console folder → bytes) in front of `next`.
    package init(files: [String: [UInt8]], next: any HTTPResponder) {
        var assets: [String: Asset] = [:]
        for (name, body) in files {
            assets["/console/" + name] = Asset(
                contentType: Self.contentType(of: name), body: body, etag: "\"\(SHA256.hash(body).hex)\"")
        }
        self.assets = assets
        self.next = next
    }

    /// A console serving the files bundled with this module (the `Console` resource folder) in front of `next`.
    package init(bundledIn next: any HTTPResponder) throws {
        try self.init(files: Self.bundledFiles(), next: next)
    }

    /// The bundled console files, by path relative to the `Console` folder.
    package static func bundledFiles() throws -> [String: [UInt8]] {
        guard let folder = Bundle.module.url(forResource: "Console", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        var files: [String: [UInt8]] = [:]
        let base = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            let full = base + "/" + relative
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else {
                continue
            }
            files[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
        }
        return files
    }

    /// The content type of a console file, by extension.
    package static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last.map(String.init) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }

    package func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        guard request.method == .get || request.method == .head, let asset = asset(for: String(request.path)) else {
            return next.respond(to: request, context: context)
        }
        var headers: HTTPHeaders = [
            "Content-Type": asset.contentType, "ETag": asset.etag,
            // Revalidate every time (cheap: a 304), so a new build is picked up at once.
            "Cache-Control": "no-cache", "Content-Security-Policy": Self.contentSecurityPolicy,
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
        ]
        if let tags = request.headers["If-None-Match"],
            tags.split(separator: ",").contains(where: { HTTPHeaders.trimmed($0) == asset.etag || $0 == "*" })
        {
            headers.remove(name: "Content-Type")
            return HTTPResponse(status: HTTPStatus(code: 304), headers: headers)
        }
        return HTTPResponse(status: .ok, headers: headers, body: asset.body)
    }

    /// Whether a request for `path` is the console's to answer (a page path or under `/console/`), for logging.
    package static func answers(path: String) -> Bool {
        pagePaths.contains(path) || (path.hasSuffix("/") && pagePaths.contains(String(path.dropLast())))
            || path.hasPrefix("/console/")
    }

    /// The asset a path names: the shell for a page path, a loaded file under `/console/`, or nil.
    func asset(for path: String) -> Asset? {
        if Self.pagePaths.contains(path) || (path.hasSuffix("/") && Self.pagePaths.contains(String(path.dropLast()))) {
            return assets["/console/index.html"]
        }
        guard path.hasPrefix("/console/") else { return nil }
        return assets[path]
    }
}
