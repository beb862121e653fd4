extension HTTPEventLoop {
    /// Reports one request to the access-log hook, if any.
    func log(
        _ method: String, _ path: String, _ status: HTTPStatus, _ bytes: Int, _ start: UInt64, _ end: UInt64,
        remoteAddress: String
    ) {
        guard let accessLog = configuration.accessLog else { return }
        let milliseconds = Double(end &- start) / 1_000_000
        accessLog(
            HTTPAccessLogEntry(
                method: method, path: path, status: status.code, bytes: bytes, milliseconds: milliseconds,
                remoteAddress: remoteAddress))
    }
}
