import Foundation
import XCTest

@testable import Commands

/// The client's startup and authentication against a scripted fake server: the refusals a real server is
/// never configured to provoke.
final class PostgresConnectionTests: XCTestCase {
    private let secret = "correct-horse-battery"

    private func configuration(port: Int, connectTimeout: Double = 5) -> PostgresConnectionConfiguration {
        PostgresConnectionConfiguration(
            host: "127.0.0.1", port: port, database: "pas", user: "reader", password: secret,
            connectTimeout: connectTimeout, readTimeout: 2)
    }

    private func connectError(
        connectTimeout: Double = 5, _ script: @escaping @Sendable (PostgresScriptedServer.Peer) -> Void
    ) throws -> PostgresError {
        let server = try PostgresScriptedServer(script: script)
        defer { server.stop() }
        do {
            _ = try PostgresConnection.connect(configuration(port: server.port, connectTimeout: connectTimeout))
        } catch {
            XCTAssertFalse(error.description.contains(secret), error.description)
            return error
        }
        XCTFail("the connection succeeded")
        return PostgresError(.refused, "unreachable")
    }

    func testStartup_sendsUserDatabaseAndUTF8() throws {
        let startup = UnsafeSendableBox<[UInt8]>([])
        _ = try connectError { peer in
            startup.value = peer.readStartup()
            peer.sendAuthentication(0)
        }
        let text = String(decoding: startup.value, as: UTF8.self)
        XCTAssertEqual(Array(startup.value.prefix(4)), [0, 3, 0, 0])
        XCTAssertTrue(text.contains("user\0reader\0database\0pas\0client_encoding\0UTF8\0"), text)
        XCTAssertFalse(text.contains(secret))
    }

    func testTrustServer_isRefusedByDefault() throws {
        let error = try connectError { peer in
            _ = peer.readStartup()
            peer.sendAuthentication(0)
        }
        XCTAssertEqual(error.code, .unsupportedAuthentication)
        XCTAssertTrue(error.message.contains("without SCRAM-SHA-256"), error.message)
    }

    func testCleartextAndMD5_areRefusedWithoutSendingThePassword() throws {
        for (code, extra, word) in [(UInt8(3), [UInt8](), "cleartext"), (5, [1, 2, 3, 4], "MD5")] {
            let answered = UnsafeSendableBox<[UInt8]>([])
            let error = try connectError { peer in
                _ = peer.readStartup()
                peer.sendAuthentication(code, extra)
                answered.value = peer.readMessage().body
            }
            XCTAssertEqual(error.code, .unsupportedAuthentication)
            XCTAssertTrue(error.message.contains(word), error.message)
            XCTAssertTrue(answered.value.isEmpty, "the client answered a \(word) request")
        }
    }

    func testOtherMethods_areNamed() throws {
        let error = try connectError { peer in
            _ = peer.readStartup()
            peer.sendAuthentication(7)
        }
        XCTAssertEqual(error.code, .unsupportedAuthentication)
        XCTAssertTrue(error.message.contains("GSSAPI"), error.message)
    }

    func testForgedServerSignature_isRefused() throws {
        let error = try connectError { peer in
            _ = peer.readStartup()
            peer.sendAuthentication(10, Array("SCRAM-SHA-256\0\0".utf8))
            let initial = peer.readMessage().body
            // Body: mechanism NUL, Int32 length, client-first "n,,n=,r=<nonce>".
            let clientFirst = String(decoding: initial.drop { $0 != 0 }.dropFirst(5), as: UTF8.self)
            let nonce = clientFirst.components(separatedBy: "r=").last ?? ""
            peer.sendAuthentication(11, Array("r=\(nonce)SERVER,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".utf8))
            _ = peer.readMessage()
            peer.sendAuthentication(12, Array("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".utf8))
            peer.sendAuthentication(0)
            peer.send("Z", [0x49])
        }
        XCTAssertEqual(error.code, .authenticationFailed)
        XCTAssertTrue(error.message.contains("signature is wrong"), error.message)
    }

    func testServerAuthError_carriesSQLStateAndNoSecret() throws {
        let error = try connectError { peer in
            _ = peer.readStartup()
            peer.send(
                "E", Array("SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"reader\"\0\0".utf8))
        }
        XCTAssertEqual(error.code, .authenticationFailed)
        XCTAssertEqual(error.sqlState, "28P01")
        XCTAssertTrue(error.message.contains("password authentication failed"), error.message)
    }

    func testSilentServer_timesOutDuringStartup() throws {
        let error = try connectError(connectTimeout: 0.3) { peer in
            _ = peer.readStartup()
            Thread.sleep(forTimeInterval: 0.8)
        }
        XCTAssertEqual(error.code, .timedOut)
    }

    func testServerDown_closedPortIsAClearError() throws {
        let port = try Self.closedPort()
        let settings = PostgresSourceSettings(
            port: port, database: "pas", user: "reader", password: secret, connectTimeout: 2)
        let reader = try PostgresSourceReader(settings: settings)
        XCTAssertThrowsError(try reader.check()) { error in
            XCTAssertEqual((error as? PostgresError)?.code, .connectionFailed)
            XCTAssertTrue("\(error)".contains("cannot connect to 127.0.0.1:\(port)"), "\(error)")
            XCTAssertFalse("\(error)".contains(secret))
        }
    }

    func testGarbage_isAProtocolViolation() throws {
        let error = try connectError { peer in
            _ = peer.readStartup()
            peer.sendRaw([0x52, 0, 0, 0, 1])
        }
        XCTAssertEqual(error.code, .protocolViolation)
    }

    /// A loopback port nobody listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let listener = try LoopbackListener()
        let port = listener.port
        listener.close()
        return port
    }
}

/// A mutable box the server thread writes before the test reads it (after `stop()` waited for the thread).
final class UnsafeSendableBox<Value>: @unchecked Sendable {
    // Written by the script thread, read by the test after PostgresScriptedServer.stop() joined it.
    var value: Value
    init(_ value: Value) { self.value = value }
}
