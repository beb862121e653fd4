/// Decodes a string of hexadecimal digit pairs into bytes.
///
/// Upper- and lower-case digits are accepted. Returns `nil` for an odd number of digits or any
/// character that is not a hex digit, so callers can treat malformed fixtures or tokens as errors
/// rather than silently hashing the wrong bytes. An empty string decodes to an empty array.
package func hexBytes(_ s: some StringProtocol) -> [UInt8]? {
    let utf8 = s.utf8
    guard utf8.count % 2 == 0 else { return nil }
    var result: [UInt8] = []
    result.reserveCapacity(utf8.count / 2)
    var high: UInt8 = 0
    var isHighNibble = true
    for character in utf8 {
        guard let value = hexNibble(character) else { return nil }
        if isHighNibble {
            high = value
        } else {
            result.append(high << 4 | value)
        }
        isHighNibble.toggle()
    }
    return result
}

/// The value of one ASCII hex digit (`0-9`, `a-f`, `A-F`), or `nil` for any other byte.
@inline(__always)
func hexNibble(_ character: UInt8) -> UInt8? {
    let digit = character &- UInt8(ascii: "0")
    if digit < 10 { return digit }
    // Setting bit 5 folds 'A'...'F' onto 'a'...'f' and cannot turn a non-letter into one.
    let letter = (character | 0x20) &- UInt8(ascii: "a")
    if letter < 6 { return letter &+ 10 }
    return nil
}

/// The lowercase ASCII hex digit for a value in `0..<16`.
@inline(__always)
func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &- 10 &+ value
}
