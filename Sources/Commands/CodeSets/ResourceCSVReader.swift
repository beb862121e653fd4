import Foundation

/// A minimal RFC 4180 reader for the small, trusted data files bundled with this module (code sets, crosswalks).
///
/// It reads a whole file into memory, which is fine for a few hundred rows; source extracts go through the shared
/// streaming CSV library instead. It is strict: a stray quote or an unterminated quoted field is an error rather
/// than something to guess around, because a silently mis-split code-set row would change what counts as valid.
enum ResourceCSVReader {
    /// A problem found while reading, with the 1-based line where the offending record starts.
    struct Failure: Error, Equatable {
        /// Line number (1-based) of the record that could not be read.
        let line: Int
        /// What was wrong, in words.
        let reason: String
    }

    /// Splits `text` into records of fields, each with the line it starts on. Accepts LF or CRLF line ends; a final
    /// line end is optional.
    static func records(in text: String) throws(Failure) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        let bytes = Array(text.utf8)
        var index = 0

        func finishField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    finishField()
                case UInt8(ascii: "\""):
                    guard field.isEmpty && !fieldWasQuoted else {
                        throw Failure(line: line, reason: "quote inside an unquoted field")
                    }
                    inQuotes = true
                    fieldWasQuoted = true
                case UInt8(ascii: "\r"):
                    guard index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") else {
                        throw Failure(line: line, reason: "bare carriage return")
                    }
                case UInt8(ascii: "\n"):
                    finishField()
                    records.append((recordLine, record))
                    record = []
                    line += 1
                    recordLine = line
                default:
                    guard !fieldWasQuoted else {
                        throw Failure(line: line, reason: "text after a closing quote")
                    }
                    field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes {
            throw Failure(line: recordLine, reason: "unterminated quoted field")
        }
        if !field.isEmpty || fieldWasQuoted || !record.isEmpty {
            finishField()
            records.append((recordLine, record))
        }
        return records
    }

    /// Reads records and checks the header row equals `header`; returns the data rows with their line numbers.
    static func table(in text: String, header: [String]) throws(Failure) -> [(line: Int, fields: [String])] {
        let all = try records(in: text)
        guard let first = all.first else {
            throw Failure(line: 1, reason: "empty file, expected header \(header.joined(separator: ","))")
        }
        guard first.fields == header else {
            throw Failure(
                line: 1,
                reason: "header is \(first.fields.joined(separator: ",")), expected \(header.joined(separator: ","))")
        }
        var rows: [(line: Int, fields: [String])] = []
        for record in all.dropFirst() {
            guard record.fields.count == header.count else {
                throw Failure(line: record.line, reason: "\(record.fields.count) fields, expected \(header.count)")
            }
            rows.append(record)
        }
        return rows
    }
}
