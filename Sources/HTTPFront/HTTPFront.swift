/// The HTTPFront layer; see DESIGN.md section 7.
///
/// Bottom up: `HTTPRequestParser` (bytes to requests, a pure value), `HTTPConnection` (one connection's state
/// machine, a pure value), `HTTPEventLoop` and `HTTPAcceptor` (the threads doing the socket I/O), `HTTPServer`
/// (start and graceful stop), and `Router`, the `HTTPResponder` the API routes plug into. `HTTPResponseStream` and
/// `ServerSentEvent` stream bodies fed by other threads; `CORSResponder` wraps a responder with an origin
/// allow-list; `Bench/` holds the `dm bench http` harness (load clients, server processes, the peer comparison).
public enum HTTPFrontModule {}
