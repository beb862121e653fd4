/// One access-log record per answered or refused request.
///
/// It carries the path but never the query string (tokens and identifiers travel there), and never a body.
package struct HTTPAccessLogEntry: Sendable, Equatable {
    /// The method, or `-` when the request line could not be read.
    package var method: String
    /// The path without the query, or `-` when the request line could not be read.
    package var path: String
    /// The status sent.
    package var status: Int
    /// Content bytes sent (0 for HEAD and for statuses without content).
    package var bytes: Int
    /// Milliseconds from the complete request to the queued response.
    package var milliseconds: Double
    /// The peer as `address:port`.
    package var remoteAddress: String

    /// An entry with every field given.
    package init(method: String, path: String, status: Int, bytes: Int, milliseconds: Double, remoteAddress: String) {
        self.method = method
        self.path = path
        self.status = status
        self.bytes = bytes
        self.milliseconds = milliseconds
        self.remoteAddress = remoteAddress
    }

    /// The entry as one JSON object on one line, for a structured log.
    package var jsonLine: String {
        var line: [UInt8] = Array(#"{"method":"#.utf8)
        JSONString.append(method, to: &line)
        line.append(contentsOf: #","path":"#.utf8)
        JSONString.append(path, to: &line)
        line.append(contentsOf: #","status":\#(status),"bytes":\#(bytes),"ms":"#.utf8)
        line.append(contentsOf: String(Double(Int(milliseconds * 1000)) / 1000).utf8)
        line.append(contentsOf: #","remote":"#.utf8)
        JSONString.append(remoteAddress, to: &line)
        line.append(UInt8(ascii: "}"))
        return String(decoding: line, as: UTF8.self)
    }
}
