import Foundation

/// Small tools shared by the `dm bench` suites: timing, running a peer tool, formatting a table row.
package enum BenchmarkSupport {
    /// Seconds taken by `body`, best of `repeats` (these machines are noisy; the best run is the least disturbed).
    package static func bestTime(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// Runs an external program to completion, discarding its output; throws when it cannot start or fails.
    package static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(message: "\(executable) exited with status \(process.terminationStatus)")
        }
    }

    /// Finds a program on PATH (the peers are coreutils, found where the OS put them).
    package static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Fixed-width figure with thousands separators, e.g. `1,234,567`.
    package static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0, character != "-" { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }

    /// A number with one decimal.
    package static func oneDecimal(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Peak resident memory of this process so far (or since `resetPeakResident()`), in bytes (from
    /// /proc/self/status VmHWM).
    package static func peakResidentBytes() -> Int {
        statusKilobytes("VmHWM:") * 1024
    }

    /// Resident memory of this process now, in bytes (VmRSS).
    package static func residentBytes() -> Int {
        statusKilobytes("VmRSS:") * 1024
    }

    /// Starts the peak over from the current resident memory (Linux: `5` into /proc/self/clear_refs); false when
    /// the kernel does not allow it, and the peak then stays the process's.
    @discardableResult
    package static func resetPeakResident() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// A line of /proc/self/status in kilobytes, 0 when missing.
    private static func statusKilobytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        }
        return 0
    }
}

/// A benchmark could not run (a peer missing or failing).
package struct BenchmarkError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
