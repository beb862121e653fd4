import Commands
import Foundation
import Glibc
import Synchronization

/// Progress on stderr: on a terminal a live line — which step of six, its elapsed time, and the table being read
/// or written with its rows and rate — redrawn twice a second even while a step reports nothing; otherwise one
/// line per finished step.
final class TerminalProgress: LifecycleObserver, Sendable {
    private let live = isatty(STDERR_FILENO) == 1
    /// What the live line shows; the run thread writes it, the ticker reads it.
    private let state = Mutex(State())
    /// Which step's ticker may draw: a ticker thread stops once this moves past its own number.
    private let tick = Atomic<Int>(0)

    private struct State {
        var step: LifecycleStep = .extract
        var stepStart = Date()
        /// The table (or other item) being counted, its last count and when that count arrived.
        var item = ""
        var done = 0
        var sampleDone = 0
        var sampleAt = Date()
        /// Rows per second over the last samples of the item (nil until two samples are apart in time).
        var rate: Double?
    }

    func stepStarted(_ step: LifecycleStep) {
        state.withLock { $0 = State(step: step, stepStart: Date()) }
        guard live else { return }
        draw()
        let mine = tick.add(1, ordering: .relaxed).newValue
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                guard draw(onlyFor: mine) else { return }
            }
        }
    }

    func progress(_ step: LifecycleStep, item: String, done: Int, total: Int?) {
        state.withLock { state in
            let now = Date()
            if item != state.item {
                // A new table: its rate is measured from its own first report on, never from before it.
                state.item = item
                state.sampleDone = done
                state.sampleAt = now
                state.rate = nil
            } else if now.timeIntervalSince(state.sampleAt) >= 0.5 {
                let rate = Double(done - state.sampleDone) / now.timeIntervalSince(state.sampleAt)
                state.rate = state.rate.map { 0.5 * $0 + 0.5 * rate } ?? rate
                state.sampleDone = done
                state.sampleAt = now
            }
            state.done = done
        }
    }

    func stepFinished(_ step: LifecycleStep, milliseconds: Int, summary: String) {
        // The gate step runs fine when its verdict is FAIL: say the verdict, not "ok".
        let word = step == .gate ? (summary.contains(": FAIL") ? "FAIL" : "PASS") : "ok  "
        finish(
            "\(step.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(word) \(milliseconds) ms  \(summary)")
    }

    func stepFailed(_ step: LifecycleStep, milliseconds: Int, message: String) {
        finish(
            "\(step.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) FAILED after \(milliseconds) ms: \(message)"
        )
    }

    /// Redraws the live line from the state; with `ticker`, only while that ticker's step runs (checked under the
    /// lock `finish` takes too, so no live line is drawn over a finished step's line). False when it did not draw.
    @discardableResult
    private func draw(onlyFor ticker: Int? = nil) -> Bool {
        state.withLock { state -> Bool in
            if let ticker, tick.load(ordering: .relaxed) != ticker { return false }
            let index = (LifecycleStep.allCases.firstIndex(of: state.step) ?? 0) + 1
            let elapsed = Date().timeIntervalSince(state.stepStart)
            var line =
                "[\(index)/\(LifecycleStep.allCases.count)] \(state.step.rawValue) \(String(format: "%.1f", elapsed)) s"
            if !state.item.isEmpty {
                line += " · \(state.item) \(state.done) rows"
                if let rate = state.rate { line += ", \(Int(rate)) rows/s" }
            }
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            return true
        }
    }

    private func finish(_ line: String) {
        state.withLock { _ in
            tick.add(1, ordering: .relaxed)
            FileHandle.standardError.write(Data(((live ? "\r\u{1B}[2K" : "") + line + "\n").utf8))
        }
    }
}
