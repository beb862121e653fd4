import Foundation
import Synchronization
import XCTest

/// Runs the real `dm` executable built next to the test bundle.
enum DMExecutable {
    static var url: URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            products.appendingPathComponent("dm"),
            products.deletingLastPathComponent().appendingPathComponent("dm"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `dm` with `arguments` to completion.
    static func run(_ arguments: [String]) throws -> Output {
        try runProgram(url, arguments)
    }

    static func runProgram(_ program: URL, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        let errData = Mutex(Data())
        group.enter()
        DispatchQueue.global().async {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = data }
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self))
    }
}

/// A scratch data folder for one test.
final class ScratchRoot {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.path + "/dm-e2e-\(UUID().uuidString.lowercased())"
        try? FileManager.default.createDirectory(atPath: path + "/events", withIntermediateDirectories: true)
    }

    var ledgerPath: String { path + "/events/ledger.jsonl" }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
