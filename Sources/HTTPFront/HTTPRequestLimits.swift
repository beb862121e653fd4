/// Size limits the parser enforces while bytes arrive, so an oversized request is refused before it is buffered.
package struct HTTPRequestLimits: Sendable, Equatable {
    /// Longest request line in bytes, without its CRLF (beyond: 414). RFC 9112 §3 recommends at least 8,000.
    package var maxRequestLineBytes: Int
    /// Largest header section in bytes, field lines and their line endings (beyond: 431).
    package var maxHeaderBytes: Int
    /// Most header field lines (beyond: 431).
    package var maxHeaderFields: Int
    /// Largest `Content-Length` accepted (beyond: 413). The control plane's JSON bodies are small.
    package var maxBodyBytes: Int

    /// The limits the issue asks for: 8 KiB line, 32 KiB or 100 fields of headers, and a 1 MiB body by default.
    package init(
        maxRequestLineBytes: Int = 8192, maxHeaderBytes: Int = 32768, maxHeaderFields: Int = 100,
        maxBodyBytes: Int = 1 << 20
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxBodyBytes = maxBodyBytes
    }
}
