extension HTTPServer {
    /// Routes SIGTERM and SIGINT to a graceful `stop()` (see `TerminationSignals` for how they are caught).
    func stopOnTerminationSignals() {
        let token = TerminationSignals.register { [weak self] in self?.stop() }
        signalRegistration.withLock { $0 = token }
    }

    /// Stops listening for the signals once the server has stopped.
    func releaseTerminationSignals() {
        guard let token = signalRegistration.withLock({ $0.take() }) else { return }
        TerminationSignals.unregister(token)
    }
}
