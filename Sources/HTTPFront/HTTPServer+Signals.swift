import Dispatch
import Glibc

extension HTTPServer {
    /// Routes SIGTERM and SIGINT to a graceful `stop()`.
    ///
    /// The signals are ignored at the process level and observed through Dispatch sources instead, so the stop
    /// runs on an ordinary Dispatch thread rather than inside a signal handler, where almost nothing is safe.
    func stopOnTerminationSignals() {
        let queue = DispatchQueue(label: "http-server-signals")
        for signalNumber in Self.terminationSignals {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            let registered = RegisteredSignal(source: source)
            signalSources.withLock { $0.append(registered) }
        }
    }

    /// Cancels the signal sources and gives the signals back their default action, once the server has stopped.
    func releaseTerminationSignals() {
        let sources = signalSources.withLock { sources in
            defer { sources.removeAll() }
            return sources
        }
        guard !sources.isEmpty else { return }
        for registered in sources { registered.source.cancel() }
        for signalNumber in Self.terminationSignals { signal(signalNumber, SIG_DFL) }
    }

    /// A signal source held by the server until it stops.
    ///
    /// `@unchecked Sendable` because libdispatch sources are thread-safe objects (their methods may be called
    /// from any thread) that the Swift overlay does not mark `Sendable`; the array holding them is guarded by the
    /// server's `signalSources` mutex.
    struct RegisteredSignal: @unchecked Sendable {
        /// The source.
        let source: any DispatchSourceSignal
    }

    /// The signals that mean "shut down".
    private static var terminationSignals: [Int32] { [SIGTERM, SIGINT] }
}
