import Foundation
import Glibc

/// A TCP listener on 127.0.0.1 with a kernel-chosen port.
final class LoopbackListener: @unchecked Sendable {
    // Written only in init and close(), which tests call from one thread.
    private(set) var descriptor: Int32
    /// The port the kernel chose.
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 4) == 0 else {
            _ = Glibc.close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
    }

    deinit { close() }
}

/// A fake PostgreSQL server that accepts one connection and plays a script on its own thread, so client
/// behaviour the real server never shows (trust, cleartext, a forged SCRAM signature, silence) can be tested.
final class PostgresScriptedServer: @unchecked Sendable {
    /// The accepted connection, as the script sees it.
    final class Peer {
        let descriptor: Int32
        init(descriptor: Int32) { self.descriptor = descriptor }

        /// Reads one untyped (startup) message: Int32 length then body.
        func readStartup() -> [UInt8] {
            let header = readExactly(4)
            let length = header.reduce(0) { $0 << 8 | Int($1) }
            return readExactly(max(0, length - 4))
        }

        /// Reads one typed message: type byte, Int32 length, body.
        func readMessage() -> (type: UInt8, body: [UInt8]) {
            let header = readExactly(5)
            guard header.count == 5 else { return (0, []) }
            let length = header.dropFirst().reduce(0) { $0 << 8 | Int($1) }
            return (header[0], readExactly(max(0, length - 4)))
        }

        /// Sends a typed message.
        func send(_ type: Character, _ body: [UInt8]) {
            let length = UInt32(body.count + 4)
            sendRaw(
                [
                    type.asciiValue!, UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff),
                    UInt8(length & 0xff),
                ] + body)
        }

        func sendRaw(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// Authentication request with `code` and extra body bytes.
        func sendAuthentication(_ code: UInt8, _ extra: [UInt8] = []) {
            send("R", [0, 0, 0, code] + extra)
        }

        private func readExactly(_ count: Int) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let received = bytes[filled...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard received > 0 else { return Array(bytes.prefix(filled)) }
                filled += received
            }
            return bytes
        }
    }

    private let listener: LoopbackListener
    private let finished = DispatchSemaphore(value: 0)
    var port: Int { listener.port }

    /// Starts listening and runs `script` on the first connection, then closes it.
    init(script: @escaping @Sendable (Peer) -> Void) throws {
        listener = try LoopbackListener()
        let descriptor = listener.descriptor
        let finished = self.finished
        Thread.detachNewThread {
            let connection = accept(descriptor, nil, nil)
            if connection >= 0 {
                script(Peer(descriptor: connection))
                _ = Glibc.close(connection)
            }
            finished.signal()
        }
    }

    /// Waits for the script to end, then stops listening.
    func stop() {
        _ = finished.wait(timeout: .now() + 10)
        listener.close()
    }
}
