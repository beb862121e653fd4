import Glibc
import Synchronization

/// Random (version 4) UUIDs in lowercase, the ledger's event and command ids.
///
/// Foundation's `UUID()` opens `/dev/urandom` on every call; at a hundred thousand events a second that dominates.
/// This keeps the device open and draws kernel randomness 4 KiB at a time instead.
public enum EventID {
    private static let pool = Mutex(RandomPool())

    /// A new random UUID, e.g. `1b4e28ba-2fa1-4d2e-883f-0016d3cca427`.
    public static func random() -> String {
        var bytes = pool.withLock { $0.take16() }
        bytes.6 = (bytes.6 & 0x0F) | 0x40  // version 4
        bytes.8 = (bytes.8 & 0x3F) | 0x80  // RFC 4122 variant
        return withUnsafeBytes(of: &bytes) { raw in
            let digits = Array("0123456789abcdef".utf8)
            return String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = digits[Int(byte >> 4)]
                    out[position + 1] = digits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// `count` bytes of kernel randomness (for bearer tokens and salts).
    package static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 16)
        while bytes.count < count {
            let chunk = pool.withLock { $0.take16() }
            withUnsafeBytes(of: chunk) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    private struct RandomPool {
        typealias Sixteen = (
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8
        )
        var buffer = [UInt8](repeating: 0, count: 4096)
        var position = 4096
        var device: Int32 = -1

        mutating func take16() -> Sixteen {
            if position + 16 > buffer.count {
                refill()
                position = 0
            }
            defer { position += 16 }
            return buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: Sixteen.self) }
        }

        private mutating func refill() {
            if device < 0 { device = open("/dev/urandom", O_RDONLY | O_CLOEXEC) }
            var filled = 0
            while filled < buffer.count, device >= 0 {
                let got = buffer.withUnsafeMutableBytes { read(device, $0.baseAddress! + filled, $0.count - filled) }
                if got > 0 {
                    filled += got
                } else if got < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            // Without the device (a locked-down container), fall back to the standard library's system generator
            // rather than hand out predictable ids.
            for index in filled..<buffer.count { buffer[index] = UInt8.random(in: 0...255) }
        }
    }
}
