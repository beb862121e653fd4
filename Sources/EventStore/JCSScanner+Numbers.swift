extension JCSScanner {
    // Hot per key/number. Swift 6.3's @inline(always) is a guarantee; @inline(__always) is ignored for callees
    // over 64 blocks, which costs about 20% here. The compiler() check keeps older toolchains building.
    /// Checks the number token at `pos` is exactly what `es6NumberString` writes for its value.
    ///
    /// Fast path, no conversion: a plain decimal with at most 15 significant digits in ECMAScript's
    /// fixed-notation range is canonical. Any such decimal converts to a distinct double (10^15 < 2^52, so
    /// 15-digit decimals round-trip), hence no shorter or different digit string can denote the same double,
    /// and the shortest-digits rule of Number::toString gives back exactly these digits. Integers up to
    /// 2^53 are canonical for the same reason. Everything else (exponents, 16+ digits) is converted and
    /// re-formatted.
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    mutating func scanNumber() -> Bool {
        let start = pos
        var p = pos
        let negative = byte(p) == UInt8(ascii: "-")
        if negative { p += 1 }
        guard p < count, isDigit(byte(p)) else { return fail(p, "invalid number") }
        let integerStart = p
        if byte(p) == UInt8(ascii: "0") {
            p += 1
            if p < count, isDigit(byte(p)) { return fail(p, "invalid number: leading zero") }
        } else {
            while p < count, isDigit(byte(p)) { p += 1 }
        }
        let integerEnd = p
        var fractionStart = -1
        if p < count, byte(p) == UInt8(ascii: ".") {
            p += 1
            guard p < count, isDigit(byte(p)) else { return fail(p, "invalid number") }
            fractionStart = p
            while p < count, isDigit(byte(p)) { p += 1 }
        }
        let fractionEnd = p
        var hasExponent = false
        if p < count, byte(p) | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            p += 1
            if p < count, byte(p) == UInt8(ascii: "+") || byte(p) == UInt8(ascii: "-") { p += 1 }
            guard p < count, isDigit(byte(p)) else { return fail(p, "invalid number") }
            while p < count, isDigit(byte(p)) { p += 1 }
        }
        pos = p
        if integersOnly {
            let integerLength = integerEnd - integerStart
            guard fractionStart < 0, !hasExponent,
                integerLength <= 15 || (integerLength == 16 && isAtMostMaxSafeInteger(integerStart))
            else { return fail(start, "number is not an integer within ±(2^53−1), as the ledger format requires") }
        }
        if !hasExponent {
            let integerLength = integerEnd - integerStart
            let leadingZero = byte(integerStart) == UInt8(ascii: "0")
            if fractionStart < 0 {
                if leadingZero { return negative ? fail(start, "number not in canonical form") : true }
                if integerLength <= 15 || isAtMost2To53(integerStart, integerLength) { return true }
                if integerLength <= 21, integerLength - trailingZeros(integerStart, integerEnd) <= 15 { return true }
            } else {
                // Number::toString never ends a fraction with 0 and switches to exponent form below 1e-6.
                if byte(fractionEnd - 1) == UInt8(ascii: "0") {
                    return fail(start, "number not in canonical form")
                }
                let fractionLength = fractionEnd - fractionStart
                if leadingZero {
                    var zeros = 0
                    while byte(fractionStart + zeros) == UInt8(ascii: "0") { zeros += 1 }
                    if zeros >= 6 { return fail(start, "number not in canonical form") }
                    if fractionLength - zeros <= 15 { return true }
                } else if integerLength + fractionLength <= 15 {
                    return true
                }
            }
        }
        return checkNumberSlowly(start, p)
    }

    @inline(__always)
    private func isDigit(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10
    }

    private func trailingZeros(_ start: Int, _ end: Int) -> Int {
        var i = end
        while i > start, byte(i - 1) == UInt8(ascii: "0") { i -= 1 }
        return end - i
    }

    /// Whether a 16-digit integer token is at most 2^53 = 9007199254740992 (same length, so compare digits).
    private func isAtMost2To53(_ start: Int, _ length: Int) -> Bool {
        guard length == 16 else { return false }
        let limit: StaticString = "9007199254740992"
        for k in 0..<16 {
            let d = byte(start + k)
            let l = limit.utf8Start[k]
            if d != l { return d < l }
        }
        return true
    }

    /// Whether a 16-digit integer token is at most 2^53 − 1 = 9007199254740991.
    private func isAtMostMaxSafeInteger(_ start: Int) -> Bool {
        let limit: StaticString = "9007199254740991"
        for k in 0..<16 {
            let d = byte(start + k)
            let l = limit.utf8Start[k]
            if d != l { return d < l }
        }
        return true
    }

    /// Converts the token to the nearest double and compares its ECMAScript form byte for byte.
    @inline(never)
    private mutating func checkNumberSlowly(_ start: Int, _ end: Int) -> Bool {
        let token = UnsafeRawBufferPointer(start: base + start, count: end - start)
        guard let value = Double(String(decoding: token, as: UTF8.self)) else {
            return fail(start, "invalid number")
        }
        guard value.isFinite else { return fail(start, "number out of range") }
        let matches = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ES6Number.maxLength) { buffer in
            guard let length = ES6Number.format(value, into: buffer), length == token.count else { return false }
            return buffer[..<length].elementsEqual(token)
        }
        return matches ? true : fail(start, "number not in canonical form")
    }
}
