/// Why and where strict JSON parsing failed.
///
/// The offset is a byte offset into the parsed input, so a ledger verifier can point at the exact byte
/// of a corrupted line.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem; stable raw values so logs and tests can match on them.
    public enum Reason: String, Sendable {
        /// The input ended inside a value (or contained no value at all).
        case unexpectedEnd
        /// A byte that cannot start or continue the current construct.
        case unexpectedByte
        /// Non-whitespace after the single top-level value.
        case trailingData
        /// A malformed, overlong, surrogate, out-of-range or truncated UTF-8 sequence inside a string.
        case invalidUTF8
        /// A `\uD800`–`\uDFFF` escape that is not part of a high + low surrogate pair.
        case loneSurrogate
        /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
        case invalidEscape
        /// A raw byte below 0x20 inside a string (it must be escaped).
        case controlCharacterInString
        /// The same key twice in one object (including canonically equivalent spellings).
        case duplicateKey
        /// A number whose magnitude overflows a Double to infinity.
        case numberOutOfRange
        /// A number that does not match the RFC 8259 grammar.
        case invalidNumber
        /// Arrays/objects nested deeper than `JSONParser.maxDepth`.
        case tooDeep
    }

    /// The class of problem.
    public var reason: Reason
    /// Byte offset of the problem in the input.
    public var offset: Int
    /// A human sentence including the offset, e.g. `duplicate key "seq" at byte 42`.
    public var message: String

    /// Creates an error; `message` should already mention the offset.
    public init(reason: Reason, offset: Int, message: String) {
        self.reason = reason
        self.offset = offset
        self.message = message
    }

    /// Same as `message`.
    public var description: String { message }
}
