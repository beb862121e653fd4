import Commands
import Foundation
import Glibc

/// Progress on stderr: a live line (step, rows done, rate, ETA) on a terminal, one line per finished step otherwise.
final class TerminalProgress: LifecycleObserver {
    private let live = isatty(STDERR_FILENO) == 1
    private var stepStart = Date()
    private var lastDraw = Date.distantPast
    /// The table (or other item) being counted, and when its count started: rates are per item.
    private var item = ""
    private var itemStart = Date()

    func stepStarted(_ step: LifecycleStep) {
        stepStart = Date()
        item = ""
        if live { draw("\(step.rawValue) …") }
    }

    func progress(_ step: LifecycleStep, item: String, done: Int, total: Int?) {
        if item != self.item {
            self.item = item
            itemStart = Date()
        }
        guard live, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        let elapsed = max(Date().timeIntervalSince(itemStart), 0.001)
        let rate = Double(done) / elapsed
        var line = "\(step.rawValue): \(item) \(done) rows, \(Int(rate)) rows/s"
        if let total, total > done, rate > 0 {
            line += ", ETA \(Int(Double(total - done) / rate)) s"
        }
        draw(line)
    }

    func stepFinished(_ step: LifecycleStep, milliseconds: Int, summary: String) {
        finish("\(step.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) ok   \(milliseconds) ms  \(summary)")
    }

    func stepFailed(_ step: LifecycleStep, milliseconds: Int, message: String) {
        finish(
            "\(step.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) FAILED after \(milliseconds) ms: \(message)"
        )
    }

    private func draw(_ line: String) {
        lastDraw = Date()
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    private func finish(_ line: String) {
        FileHandle.standardError.write(Data(((live ? "\r\u{1B}[2K" : "") + line + "\n").utf8))
    }
}
