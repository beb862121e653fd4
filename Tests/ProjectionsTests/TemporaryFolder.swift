import Foundation
import Projections
import XCTest

/// A fresh folder under the system's temporary directory, removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init(_ test: XCTestCase) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ProjectionsTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let folder = url
        test.addTeardownBlock {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// A path inside the folder.
    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Writes `bytes` to `name` and returns its URL.
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let target = file(name)
        try Data(bytes).write(to: target)
        return target
    }

    /// Writes `text` as UTF-8 to `name` and returns its URL.
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    /// The names of the files in the folder, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

/// Reads every row of `url` with the given chunk size; the header comes first.
func readAll(_ url: URL, chunkSize: Int = 256 * 1024) throws -> [[String]] {
    let reader = try CSVReader(url: url, chunkSize: chunkSize)
    var rows = [reader.header]
    try reader.forEachRow { rows.append($0) }
    return rows
}

/// Runs `body` and returns the `CSVError` it throws, failing the test if it throws something else or nothing.
func csvError(
    file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void
) -> CSVError? {
    do {
        try body()
        XCTFail("expected a CSVError, nothing was thrown", file: file, line: line)
    } catch let error as CSVError {
        return error
    } catch {
        XCTFail("expected a CSVError, got \(error)", file: file, line: line)
    }
    return nil
}
