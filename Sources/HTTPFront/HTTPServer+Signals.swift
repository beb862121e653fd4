import Dispatch
import Glibc

extension HTTPServer {
    /// Routes SIGTERM and SIGINT to a graceful `stop()`.
    ///
    /// The signals are ignored at the process level and observed through Dispatch sources instead, so the stop
    /// runs on an ordinary Dispatch thread rather than inside a signal handler, where almost nothing is safe.
    func stopOnTerminationSignals() {
        let queue = DispatchQueue(label: "http-server-signals")
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in
                self?.stop()
                source.cancel()
            }
            source.resume()
        }
    }
}
