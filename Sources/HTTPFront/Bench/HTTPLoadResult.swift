/// What one load run measured against one path.
package struct HTTPLoadResult: Sendable {
    /// Which load generator produced it: `wrk` or `built-in`.
    package var tool: String
    /// Completed requests per second over the run.
    package var requestsPerSecond: Double
    /// Median latency, milliseconds.
    package var p50Milliseconds: Double
    /// 99th-percentile latency, milliseconds.
    package var p99Milliseconds: Double
    /// Requests completed.
    package var requests: Int
    /// Responses with a status outside 2xx/3xx.
    package var non2xx: Int
    /// Connect, read and write failures and timeouts.
    package var socketErrors: Int

    /// A result with every figure.
    package init(
        tool: String, requestsPerSecond: Double, p50Milliseconds: Double, p99Milliseconds: Double, requests: Int,
        non2xx: Int, socketErrors: Int
    ) {
        self.tool = tool
        self.requestsPerSecond = requestsPerSecond
        self.p50Milliseconds = p50Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.requests = requests
        self.non2xx = non2xx
        self.socketErrors = socketErrors
    }

    /// One report line: `req/s, p50, p99` and any errors.
    package var summary: String {
        var line =
            "\(Self.grouped(requestsPerSecond)) req/s, p50 \(Self.milliseconds(p50Milliseconds)) ms, "
            + "p99 \(Self.milliseconds(p99Milliseconds)) ms"
        if non2xx > 0 || socketErrors > 0 { line += " (non-2xx \(non2xx), socket errors \(socketErrors))" }
        return line
    }

    /// `12,345` style.
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0, character != "-" { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }

    /// Three decimals.
    static func milliseconds(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
