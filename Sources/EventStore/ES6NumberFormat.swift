/// The ECMAScript `Number.prototype.toString()` form of a finite double (ECMA-262 Number::toString with
/// radix 10), which RFC 8785 mandates for numbers; nil for NaN and infinity, which JSON cannot express.
///
/// Negative zero gives "0", as in JavaScript.
package func es6NumberString(_ d: Double) -> String? {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ES6Number.maxLength) { buffer in
        guard let length = ES6Number.format(d, into: buffer) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
    }
}

/// Digit generation and layout for `es6NumberString`, usable without allocating a String per number.
enum ES6Number {
    /// Longest possible output, e.g. "-0.0000033333333333333333" (25) or "-1.7976931348623157e+308" (24).
    static let maxLength = 32

    /// Appends the ES6 form of `d` to `out`; false (nothing appended) for NaN and infinity.
    static func append(_ d: Double, to out: inout [UInt8]) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buffer in
            guard let length = format(d, into: buffer) else { return false }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<length]))
            return true
        }
    }

    /// Writes the ES6 form of `d` into `out` (at least `maxLength` bytes) and returns its length.
    static func format(_ d: Double, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard d.isFinite else { return nil }
        var length = 0
        if d == 0 {
            out[0] = UInt8(ascii: "0")
            return 1
        }
        if d < 0 {
            out[0] = UInt8(ascii: "-")
            length = 1
        }
        let magnitude = d.magnitude
        // Below 2^53 an integral double's exact digits are also its shortest round-trip digits.
        if magnitude < 9_007_199_254_740_992, Double(UInt64(magnitude)) == magnitude {
            return length + writeDecimal(UInt64(magnitude), into: out, at: length)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { digits in
            guard let (count, pointPosition) = shortestDigits(magnitude, into: digits) else { return nil }
            return length + layout(digits: digits, count: count, n: pointPosition, into: out, at: length)
        }
    }

    /// Shortest round-trip significant digits of a positive finite `x`, without leading or trailing zeros,
    /// and the ECMA-262 exponent `n` such that x = 0.d1d2…dk × 10^n.
    ///
    /// Swift's `description` already yields the shortest digits that round-trip and, among those, the closest
    /// to the exact value (the same rule as ECMA-262); only its layout differs, so we re-read its digits.
    private static func shortestDigits(
        _ x: Double, into digits: UnsafeMutableBufferPointer<UInt8>
    ) -> (count: Int, n: Int)? {
        var count = 0
        var integerDigits = -1
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for c in x.description.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(c - UInt8(ascii: "0"))
                } else {
                    guard count < digits.count else { return nil }
                    digits[count] = c
                    count += 1
                }
            case UInt8(ascii: "."):
                integerDigits = count
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if integerDigits < 0 { integerDigits = count }
                inExponent = true
            case UInt8(ascii: "-"):
                exponentNegative = true
            case UInt8(ascii: "+"):
                break
            default:
                return nil
            }
        }
        if integerDigits < 0 { integerDigits = count }
        var n = integerDigits + (exponentNegative ? -exponent : exponent)
        var first = 0
        while first < count, digits[first] == UInt8(ascii: "0") {
            first += 1
            n -= 1
        }
        var end = count
        while end > first, digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
        guard end > first else { return nil }
        if first > 0 {
            for k in first..<end { digits[k - first] = digits[k] }
        }
        return (end - first, n)
    }

    /// ECMA-262 Number::toString steps 6–10: fixed notation for 1e-7 < |x| < 1e21, exponent form otherwise.
    private static func layout(
        digits: UnsafeMutableBufferPointer<UInt8>, count k: Int, n: Int,
        into out: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var p = start
        func put(_ b: UInt8) {
            out[p] = b
            p += 1
        }
        func putDigits(_ range: Range<Int>) {
            for i in range { put(digits[i]) }
        }
        if k <= n, n <= 21 {
            putDigits(0..<k)
            for _ in 0..<(n - k) { put(UInt8(ascii: "0")) }
        } else if 0 < n, n <= 21 {
            putDigits(0..<n)
            put(UInt8(ascii: "."))
            putDigits(n..<k)
        } else if -6 < n, n <= 0 {
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "."))
            for _ in 0..<(-n) { put(UInt8(ascii: "0")) }
            putDigits(0..<k)
        } else {
            let e = n - 1
            put(digits[0])
            if k > 1 {
                put(UInt8(ascii: "."))
                putDigits(1..<k)
            }
            put(UInt8(ascii: "e"))
            put(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            p += writeDecimal(UInt64(e.magnitude), into: out, at: p)
        }
        return p - start
    }

    /// Writes the decimal digits of `value` at `start` and returns how many were written.
    static func writeDecimal(_ value: UInt64, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var length = 1
        var rest = value / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        var v = value
        var i = start + length
        repeat {
            i -= 1
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        } while v > 0
        return length
    }
}
