/// The RFC 4180 state machine behind `CSVReader`: bytes in, records out, no I/O.
///
/// The parser is fed a buffer at a time and keeps its state between buffers, so a quoted field, a `""` escape or
/// a CRLF may straddle two reads. Line breaks may be LF, CRLF or a lone CR (csv-spectrum's `empty_crlf.csv` ends in
/// one); inside quotes they are data and are kept byte for byte. It is strict: a quote inside an unquoted field,
/// text after a closing quote, an unterminated quote, invalid UTF-8 and a record whose width differs from
/// `expectedFields` are errors, never repaired, because a migration must not guess what a broken extract meant.
package struct CSVParser {
    /// A place in the file: 1-based physical line and 1-based column in Unicode scalars.
    package struct Position: Equatable, Sendable {
        /// Physical line, counting every line break including those inside quoted fields.
        package var line: Int
        /// Unicode scalars from the start of the line, the first being 1.
        package var column: Int
    }

    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// A `"` was seen inside a quoted field: either the field ends or it is the first half of `""`.
        case closingQuote
    }

    private static let comma: UInt8 = 0x2C
    private static let quote: UInt8 = 0x22
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    /// A header wider than this is almost certainly not a CSV file; refusing it keeps memory bounded.
    package static let maxHeaderFields = 16_384

    /// The file name used in error messages.
    package let file: String
    /// Largest field accepted, in bytes; bounds memory when a quote is never closed.
    package let maxFieldBytes: Int
    /// Width every record must have; `nil` while reading the header.
    package var expectedFields: Int?

    /// Where the record most recently started (after a record is returned: where that record started).
    package private(set) var recordStart = Position(line: 1, column: 1)

    private var state = State.fieldStart
    private var fields: [String] = []
    private var field: [UInt8] = []
    /// All of `field`'s bytes OR-ed together: without the high bit the field is ASCII, which needs no validation.
    private var fieldBits: UInt8 = 0
    private var fieldStart = Position(line: 1, column: 1)
    private var fieldCount = 0
    private var line = 1
    private var column = 0
    private var recordInProgress = false
    /// The last record ended with CR; a following LF belongs to the same line break.
    private var swallowLineFeed = false
    /// Inside quotes the previous byte was CR, so an LF now does not start another line.
    private var quotedCarriageReturn = false

    /// Creates a parser for the file named `file` (used only in messages).
    package init(file: String, maxFieldBytes: Int) {
        self.file = file
        self.maxFieldBytes = maxFieldBytes
    }

    /// Consumes bytes from `index` until a record is complete (returned, `index` just past its line break) or
    /// the buffer is used up (returns `nil`, `index == bytes.count`).
    package mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, index: inout Int) throws -> [String]? {
        while index < bytes.count {
            let byte = bytes[index]
            if swallowLineFeed {
                swallowLineFeed = false
                if byte == Self.lineFeed {
                    index += 1
                    continue
                }
            }
            if !recordInProgress {
                beginRecord()
            }
            switch state {
            case .fieldStart:
                try beginField()
                if byte == Self.quote {
                    state = .quoted
                    column += 1
                    index += 1
                } else {
                    // Not consumed: the same byte is looked at again as the first byte of an unquoted field.
                    state = .unquoted
                }
            case .unquoted:
                switch byte {
                case Self.comma:
                    try endField()
                    state = .fieldStart
                    column += 1
                    index += 1
                case Self.lineFeed, Self.carriageReturn:
                    try endField()
                    let record = try endRecord()
                    line += 1
                    column = 0
                    swallowLineFeed = byte == Self.carriageReturn
                    index += 1
                    return record
                case Self.quote:
                    throw error(
                        .quoteInUnquotedField, at: Position(line: line, column: column + 1),
                        "a \" appears inside a field that does not start with a quote; wrap the whole field in "
                            + "quotes and double each \" inside it (\"\")")
                default:
                    index = try appendRun(of: bytes, from: index, inQuotes: false)
                }
            case .quoted:
                if byte == Self.quote || byte == Self.lineFeed || byte == Self.carriageReturn {
                    try consumeQuoted(byte)
                    index += 1
                } else {
                    index = try appendRun(of: bytes, from: index, inQuotes: true)
                    quotedCarriageReturn = false
                }
            case .closingQuote:
                switch byte {
                case Self.quote:
                    try append(byte)
                    state = .quoted
                    index += 1
                case Self.comma, Self.lineFeed, Self.carriageReturn:
                    // Not consumed: the unquoted state ends the field or the record with this byte.
                    state = .unquoted
                default:
                    throw error(
                        .textAfterClosingQuote, at: Position(line: line, column: column + 1),
                        "text follows the closing quote of a field that started at line \(fieldStart.line) column "
                            + "\(fieldStart.column); a quoted field must end with \" then a comma or a line break, "
                            + "so double each \" inside it (\"\")")
                }
            }
        }
        return nil
    }

    /// Ends the input: returns the last record if the file does not end with a line break, else `nil`.
    package mutating func finish() throws -> [String]? {
        swallowLineFeed = false
        guard recordInProgress else {
            return nil
        }
        switch state {
        case .quoted:
            throw error(
                .unterminatedQuote, at: fieldStart,
                "the quoted field that starts here is never closed; add the closing \" and double each \" "
                    + "inside the field (\"\")")
        case .fieldStart:
            // The record ended with a comma: the empty field after it is real.
            try beginField()
            try endField()
        case .unquoted, .closingQuote:
            try endField()
        }
        return try endRecord()
    }

    private mutating func consumeQuoted(_ byte: UInt8) throws {
        switch byte {
        case Self.quote:
            state = .closingQuote
            column += 1
            quotedCarriageReturn = false
        case Self.lineFeed:
            if !quotedCarriageReturn {
                line += 1
            }
            column = 0
            quotedCarriageReturn = false
            try appendRaw(byte)
        case Self.carriageReturn:
            line += 1
            column = 0
            quotedCarriageReturn = true
            try appendRaw(byte)
        default:
            quotedCarriageReturn = false
            try append(byte)
        }
    }

    private mutating func beginRecord() {
        recordInProgress = true
        fieldCount = 0
        recordStart = Position(line: line, column: column + 1)
    }

    private mutating func beginField() throws {
        fieldStart = Position(line: line, column: column + 1)
        fieldCount += 1
        let limit = expectedFields ?? Self.maxHeaderFields
        if fieldCount > limit {
            let message =
                expectedFields == nil
                ? "the header has more than \(limit) fields; check that this is a CSV file"
                : "the row starting at line \(recordStart.line) has more fields than the header's \(limit); "
                    + "quote any field that contains a comma"
            throw error(.fieldCountMismatch, at: fieldStart, message)
        }
    }

    /// Appends the bytes from `start` up to the next quote, line break or (outside quotes) comma in one go, rather
    /// than byte by byte through the state machine; returns where it stopped. Always makes progress: the caller has
    /// checked that the byte at `start` is not one of the stop bytes.
    private mutating func appendRun(of bytes: UnsafeBufferPointer<UInt8>, from start: Int, inQuotes: Bool) throws -> Int
    {
        var end = start
        var scalars = 0
        var bits: UInt8 = 0
        while end < bytes.count {
            let byte = bytes[end]
            if byte == Self.quote || byte == Self.lineFeed || byte == Self.carriageReturn
                || (byte == Self.comma && !inQuotes)
            {
                break
            }
            if byte & 0xC0 != 0x80 {
                scalars += 1
            }
            bits |= byte
            end += 1
        }
        guard field.count + (end - start) <= maxFieldBytes else {
            throw error(
                .fieldTooLong, at: fieldStart,
                "the field that starts here is longer than \(maxFieldBytes) bytes; this usually means a quote "
                    + "that is never closed")
        }
        field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        fieldBits |= bits
        column += scalars
        return end
    }

    private mutating func append(_ byte: UInt8) throws {
        // Continuation bytes of a multi-byte UTF-8 sequence do not start a new column.
        if byte & 0xC0 != 0x80 {
            column += 1
        }
        try appendRaw(byte)
    }

    private mutating func appendRaw(_ byte: UInt8) throws {
        guard field.count < maxFieldBytes else {
            throw error(
                .fieldTooLong, at: fieldStart,
                "the field that starts here is longer than \(maxFieldBytes) bytes; this usually means a quote "
                    + "that is never closed")
        }
        field.append(byte)
        fieldBits |= byte
    }

    private mutating func endField() throws {
        // ASCII is valid UTF-8 and decodes without the (costly) validating initialiser.
        let ascii = fieldBits & 0x80 == 0
        guard let text = ascii ? String(decoding: field, as: UTF8.self) : String(validating: field, as: UTF8.self)
        else {
            throw error(
                .invalidUTF8, at: fieldStart, "the field that starts here is not valid UTF-8; export the file as UTF-8")
        }
        fields.append(text)
        field.removeAll(keepingCapacity: true)
        fieldBits = 0
    }

    private mutating func endRecord() throws -> [String] {
        if let expectedFields, fields.count < expectedFields {
            throw error(
                .fieldCountMismatch, at: Position(line: line, column: column + 1),
                "the row starting at line \(recordStart.line) has \(fields.count) fields but the header has "
                    + "\(expectedFields); add the missing fields (empty ones still need their commas)")
        }
        recordInProgress = false
        state = .fieldStart
        // A copy as long as the record, never `fields` itself: handing out `fields`' buffer would make
        // `removeAll(keepingCapacity:)` allocate the next one with the old capacity, which malloc may round up,
        // and each round-up would be kept for every later row of the file (at 300k patients the ETL's heap
        // swung up to 50 MB with rows in flight; 27 MB with this copy). `fields` keeps one buffer for the file.
        let record = [String](unsafeUninitializedCapacity: fields.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: fields)
        }
        fields.removeAll(keepingCapacity: true)
        return record
    }

    private func error(_ code: CSVError.Code, at position: Position, _ message: String) -> CSVError {
        CSVError(code, file: file, line: position.line, column: position.column, message: message)
    }
}
