/// One session with a PostgreSQL server over protocol 3.0: startup, SCRAM-SHA-256, simple and extended query.
///
/// Synchronous and single-owner: call it from one thread (not from a Swift concurrency task, whose threads must
/// not block). Rows stream one at a time through `nextRow()`, so memory does not grow with the result. When the
/// server stays silent longer than `readTimeout`, the client sends a CancelRequest on a second connection and
/// reports `timedOut` once the server confirms; if even that goes unanswered, the socket is closed.
///
/// This type runs any SQL it is given. It is internal to the module: callers outside use `PostgresSourceReader`,
/// which only runs statements it built itself.
final class PostgresConnection {
    /// Where the session is in the protocol.
    enum State: Equatable {
        /// ReadyForQuery was the last message: a new statement may be sent.
        case ready
        /// An extended query's rows are being read.
        case streaming
        /// The connection can no longer be used (closed, timed out, protocol error).
        case broken
    }

    /// The TCP connection.
    private let socket: PostgresSocket
    /// Frames the incoming bytes.
    private var decoder = PostgresMessageDecoder()
    /// Host and port, for CancelRequest and error messages.
    private let host: String
    private let port: Int
    /// See `PostgresConnectionConfiguration`.
    private let connectTimeout: Double
    private let readTimeout: Double
    /// Run-time parameters the server reported (`server_version`, `client_encoding`, …).
    private(set) var serverParameters: [String: String] = [:]
    /// What a CancelRequest needs; nil until BackendKeyData arrives.
    private(set) var backendKey: (processID: Int32, secretKey: Int32)?
    /// The transaction status of the last ReadyForQuery: `I`, `T` or `E`.
    private(set) var transactionStatus: UInt8 = UInt8(ascii: "I")
    /// Where the session is.
    private(set) var state: State = .ready
    /// Column names of the result being streamed, for error messages.
    private var streamingColumns: [String] = []
    /// Rows of that result returned so far.
    private var streamedRows = 0
    /// Set when a CancelRequest was sent for the running statement.
    private var cancelSent = false
    /// Receives warnings and notices (`NoticeResponse`) as they arrive.
    var noticeHandler: ((PostgresServerNotice) -> Void)?

    private init(socket: PostgresSocket, configuration: PostgresConnectionConfiguration) {
        self.socket = socket
        host = configuration.host
        port = configuration.port
        connectTimeout = configuration.connectTimeout
        readTimeout = configuration.readTimeout
    }

    deinit { close() }

    /// Connects, authenticates and waits for the first ReadyForQuery.
    static func connect(
        _ configuration: PostgresConnectionConfiguration,
        clientNonce: () -> String = SCRAMSHA256Client.randomNonce
    ) throws(PostgresError) -> PostgresConnection {
        let deadline = PostgresDeadline(seconds: configuration.connectTimeout)
        let socket = try PostgresSocket.connect(
            host: configuration.host, port: configuration.port, timeout: configuration.connectTimeout)
        let connection = PostgresConnection(socket: socket, configuration: configuration)
        do {
            try connection.startUp(configuration, clientNonce: clientNonce(), deadline: deadline)
        } catch {
            connection.socket.close()
            connection.state = .broken
            throw error
        }
        return connection
    }

    /// Runs `sql` with the simple protocol and returns the command tags; any rows are read and dropped.
    func simpleQuery(_ sql: String) throws(PostgresError) -> [String] {
        try requireReady()
        try Self.refuseNUL(sql)
        try send([.query(sql)])
        var tags: [String] = []
        var failure: PostgresServerNotice?
        while true {
            switch try receive(during: "a query") {
            case .commandComplete(let tag): tags.append(tag)
            case .rowDescription, .dataRow, .emptyQueryResponse: continue
            case .errorResponse(let notice): failure = notice
            case .readyForQuery(let status):
                transactionStatus = status
                if let failure { throw statementError(failure) }
                return tags
            case let other: throw unexpected(other, during: "a simple query")
            }
        }
    }

    /// Sends `sql` with text parameters `$1…` through the extended protocol and returns the result's columns;
    /// then call `nextRow()` until it returns nil. A statement without rows runs to completion here and returns [].
    func startQuery(_ sql: String, parameters: [String?] = []) throws(PostgresError) -> [PostgresColumn] {
        try requireReady()
        try Self.refuseNUL(sql)
        for parameter in parameters { try Self.refuseNUL(parameter ?? "") }
        try send([
            .parse(statement: "", query: sql), .bind(portal: "", statement: "", parameters: parameters),
            .describePortal(""), .execute(portal: "", maxRows: 0), .sync,
        ])
        state = .streaming
        while true {
            switch try receive(during: "a query") {
            case .parseComplete, .bindComplete: continue
            case .rowDescription(let columns):
                streamingColumns = columns.map(\.name)
                streamedRows = 0
                return columns
            case .noData:
                while try nextRow() != nil {}
                return []
            case .errorResponse(let notice): throw try drainAfterError(notice)
            case let other: throw unexpected(other, during: "an extended query")
            }
        }
    }

    /// The next row of the running query as text values (nil is SQL NULL), or nil when it is complete.
    func nextRow() throws(PostgresError) -> [String?]? {
        guard state == .streaming else { return nil }
        while true {
            switch try receive(during: "a query") {
            case .dataRow(let values):
                streamedRows += 1
                return try decodeRow(values)
            case .commandComplete, .emptyQueryResponse, .portalSuspended: continue
            case .readyForQuery(let status):
                transactionStatus = status
                state = .ready
                return nil
            case .errorResponse(let notice): throw try drainAfterError(notice)
            case let other: throw unexpected(other, during: "an extended query")
            }
        }
    }

    /// Runs a query and collects every row; for catalog queries whose results are small.
    func query(_ sql: String, parameters: [String?] = []) throws(PostgresError) -> [[String?]] {
        _ = try startQuery(sql, parameters: parameters)
        var rows: [[String?]] = []
        while let row = try nextRow() { rows.append(row) }
        return rows
    }

    /// Sends Terminate (when the session is usable) and closes the socket.
    func close() {
        if state != .broken {
            try? socket.write(PostgresFrontendMessage.terminate.encoded(), until: PostgresDeadline(seconds: 1))
        }
        state = .broken
        socket.close()
    }

    // MARK: - Internals

    private func startUp(
        _ configuration: PostgresConnectionConfiguration, clientNonce: String, deadline: PostgresDeadline
    ) throws(PostgresError) {
        for value in [configuration.user, configuration.database, configuration.applicationName] {
            try Self.refuseNUL(value)
        }
        var startup = PostgresStartup(configuration: configuration, clientNonce: clientNonce)
        try send([startup.startupMessage], until: deadline)
        while true {
            switch try startup.handle(try receive(during: "startup", until: deadline)) {
            case .send(let message):
                try send([message], until: deadline)
            case .wait:
                continue
            case .ready(let status):
                backendKey = startup.backendKey
                transactionStatus = status
                state = .ready
                return
            }
        }
    }

    private func requireReady() throws(PostgresError) {
        switch state {
        case .ready:
            // A cancel that raced with the end of the previous statement must not colour the next one.
            cancelSent = false
            return
        case .streaming: throw PostgresError(.refused, "a query is still streaming rows on this connection")
        case .broken: throw PostgresError(.connectionClosed, "the connection is closed")
        }
    }

    private func send(_ messages: [PostgresFrontendMessage], until deadline: PostgresDeadline? = nil)
        throws(PostgresError)
    {
        var bytes: [UInt8] = []
        for message in messages { bytes.append(contentsOf: message.encoded()) }
        do {
            try socket.write(bytes, until: deadline ?? PostgresDeadline(seconds: readTimeout))
        } catch {
            state = .broken
            socket.close()
            throw error
        }
    }

    /// The next message that needs the caller's attention; notices and parameter changes are handled here.
    private func receive(during activity: String, until fixedDeadline: PostgresDeadline? = nil)
        throws(PostgresError) -> PostgresBackendMessage
    {
        var deadline = fixedDeadline ?? PostgresDeadline(seconds: readTimeout)
        do {
            while true {
                while let message = try decoder.next() {
                    switch message {
                    case .noticeResponse(let notice): noticeHandler?(notice)
                    case .parameterStatus(let name, let value): serverParameters[name] = value
                    case .notification: continue
                    default: return message
                    }
                }
                if try socket.read(into: &decoder, until: deadline) { continue }
                // Silence: during startup give up; during a statement cancel it once, then give up.
                guard fixedDeadline == nil, !cancelSent, let backendKey else {
                    throw PostgresError(
                        .timedOut,
                        "the server sent nothing for \(PostgresSocket.seconds(fixedDeadline == nil ? readTimeout : connectTimeout))"
                            + " during \(activity)\(cancelSent ? ", even after a cancel request" : "")")
                }
                do {
                    try sendCancel(backendKey)
                } catch {
                    throw PostgresError(
                        .timedOut,
                        "the server sent nothing for \(PostgresSocket.seconds(readTimeout)) during \(activity), and"
                            + " cancelling the statement failed: \(error.message)")
                }
                cancelSent = true
                deadline = PostgresDeadline(seconds: min(readTimeout, 10))
            }
        } catch let error as PostgresProtocolError {
            state = .broken
            socket.close()
            throw PostgresError(.protocolViolation, error.description)
        } catch let error as PostgresError {
            state = .broken
            socket.close()
            throw error
        } catch {
            state = .broken
            socket.close()
            throw PostgresError(.protocolViolation, "\(error)")
        }
    }

    /// CancelRequest on a second connection: the server answers nothing and closes it.
    private func sendCancel(_ key: (processID: Int32, secretKey: Int32)) throws(PostgresError) {
        let cancelSocket = try PostgresSocket.connect(host: host, port: port, timeout: connectTimeout)
        defer { cancelSocket.close() }
        try cancelSocket.write(
            PostgresFrontendMessage.cancelRequest(processID: key.processID, secretKey: key.secretKey).encoded(),
            until: PostgresDeadline(seconds: connectTimeout))
    }

    /// After an ErrorResponse the server skips to Sync; read up to its ReadyForQuery and return the error.
    private func drainAfterError(_ notice: PostgresServerNotice) throws(PostgresError) -> PostgresError {
        while true {
            if case .readyForQuery(let status) = try receive(during: "error recovery") {
                transactionStatus = status
                state = .ready
                return statementError(notice)
            }
        }
    }

    /// The error for a failed statement: a timeout when it failed because we cancelled it.
    private func statementError(_ notice: PostgresServerNotice) -> PostgresError {
        defer { cancelSent = false }
        if cancelSent, notice.sqlState == "57014" {
            return PostgresError(
                .timedOut,
                "the statement was cancelled after the server sent nothing for \(PostgresSocket.seconds(readTimeout))",
                serverNotice: notice)
        }
        return PostgresError(.server, "the server refused the statement: \(notice)", serverNotice: notice)
    }

    /// Text values, strictly UTF-8: a SQL_ASCII database passes any bytes through, and replacing them with U+FFFD
    /// would silently change a patient's data, so an invalid value stops the read instead.
    private func decodeRow(_ values: [[UInt8]?]) throws(PostgresError) -> [String?] {
        var row: [String?] = []
        row.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            guard let value else {
                row.append(nil)
                continue
            }
            guard let text = String(validating: value, as: UTF8.self) else {
                let column = index < streamingColumns.count ? streamingColumns[index] : "#\(index + 1)"
                state = .broken
                socket.close()
                throw PostgresError(
                    .invalidData,
                    "row \(streamedRows), column \(column): the value is not valid UTF-8 (server_encoding is"
                        + " \(serverParameters["server_encoding"] ?? "unknown")); convert the database to UTF8 first,"
                        + " nothing is guessed")
            }
            row.append(text)
        }
        return row
    }

    private func unexpected(_ message: PostgresBackendMessage, during activity: String) -> PostgresError {
        state = .broken
        socket.close()
        let type: String
        switch message {
        case .other(let byte, _): type = PostgresProtocolError.name(byte)
        default: type = "\(message)".prefix { $0 != "(" }.description
        }
        return PostgresError(.protocolViolation, "the server sent an unexpected \(type) message during \(activity)")
    }

    private static func refuseNUL(_ text: String) throws(PostgresError) {
        if text.utf8.contains(0) {
            throw PostgresError(.refused, "text sent to the server must not contain a NUL character")
        }
    }
}
