/// Which browser origins may call the API from another origin (the Fetch standard's CORS protocol).
///
/// Nothing is allowed by default: an empty `allowedOrigins` makes `CORSResponder` add no header at all. Origins
/// are compared exactly as the browser sends them (`scheme://host[:port]`, no path, no trailing slash); there is
/// no wildcard, since every client of this API carries a bearer token and the allow-list is the deployment's
/// explicit choice.
package struct CORSPolicy: Sendable, Equatable {
    /// Origins allowed, exactly as browsers send them, e.g. `http://127.0.0.1:3133`.
    package var allowedOrigins: [String]
    /// Methods a preflight allows.
    package var allowedMethods: [HTTPMethod]
    /// Request fields a preflight allows (the bearer token travels in `Authorization`).
    package var allowedHeaders: [String]
    /// Response fields scripts may read beyond the CORS-safelisted ones.
    package var exposedHeaders: [String]
    /// How long a browser may cache a preflight answer, in seconds.
    package var maxAgeSeconds: Int

    /// A policy; with no origins it does nothing.
    package init(
        allowedOrigins: [String] = [], allowedMethods: [HTTPMethod] = [.get, .post, .put, .patch, .delete],
        allowedHeaders: [String] = ["Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"],
        exposedHeaders: [String] = ["Location"], maxAgeSeconds: Int = 600
    ) {
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// A policy allowing the comma-separated origins of `list` (the form of `DM_ALLOW_ORIGINS`); blanks ignored.
    package init(allowedOriginList list: String) {
        self.init(
            allowedOrigins: list.split(separator: ",").map { String(HTTPHeaders.trimmed($0)) }.filter { !$0.isEmpty })
    }

    /// Whether the policy adds anything at all.
    package var isEnabled: Bool { !allowedOrigins.isEmpty }

    /// Whether `origin` is on the allow-list (exact, case-sensitive match).
    package func allows(origin: String) -> Bool {
        allowedOrigins.contains(origin)
    }
}
