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
        XCTAssertTrue(text.contains("TimeZone\0UTC\0"), text)
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

/// Queries against the scripted server: what a real server sends only from odd databases.
final class PostgresConnectionQueryTests: XCTestCase {
    /// Plays a `trust` startup, then answers one extended query with `rows` of one column `SURNAME`.
    private func session(
        rows: [[UInt8]?], lastMessage: UnsafeSendableBox<UInt8> = UnsafeSendableBox(0)
    ) throws -> (PostgresScriptedServer, PostgresConnection) {
        let server = try PostgresScriptedServer { peer in
            _ = peer.readStartup()
            peer.sendAuthentication(0)
            peer.send("S", Array("server_encoding\0SQL_ASCII\0".utf8))
            peer.send("K", [0, 0, 0, 1, 0, 0, 0, 2])
            peer.send("Z", [0x49])
            for _ in 0..<5 { _ = peer.readMessage() }  // Parse, Bind, Describe, Execute, Sync
            peer.send("1", [])
            peer.send("2", [])
            peer.send(
                "T",
                [0, 1] + Array("SURNAME\0".utf8) + [UInt8](repeating: 0, count: 6) + [0, 0, 0, 25, 0, 0xff]
                    + [0xff, 0xff, 0xff, 0xff, 0, 0])
            for value in rows {
                if let value {
                    let length = UInt8(value.count)
                    peer.send("D", [0, 1, 0, 0, 0, length] + value)
                } else {
                    peer.send("D", [0, 1, 0xff, 0xff, 0xff, 0xff])
                }
            }
            peer.send("C", Array("SELECT \(rows.count)\0".utf8))
            peer.send("Z", [0x54])
            lastMessage.value = peer.readMessage().type  // Terminate, or 0 when the client just hangs up
        }
        let configuration = PostgresConnectionConfiguration(
            host: "127.0.0.1", port: server.port, database: "pas", user: "reader", password: "unused",
            connectTimeout: 5, readTimeout: 5, allowsUnauthenticatedServer: true)
        return (server, try PostgresConnection.connect(configuration))
    }

    func testRows_streamWithNullsAndUTF8() throws {
        let lastMessage = UnsafeSendableBox<UInt8>(0)
        let (server, connection) = try session(rows: [Array("Zoë".utf8), nil, []], lastMessage: lastMessage)
        XCTAssertEqual(try connection.startQuery("SELECT 1").map(\.name), ["SURNAME"])
        XCTAssertEqual(try connection.nextRow(), ["Zoë"])
        XCTAssertEqual(try connection.nextRow(), [nil])
        XCTAssertEqual(try connection.nextRow(), [""])
        XCTAssertNil(try connection.nextRow())
        XCTAssertEqual(connection.state, .ready)
        XCTAssertEqual(connection.transactionStatus, UInt8(ascii: "T"))
        connection.close()
        server.stop()
        XCTAssertEqual(lastMessage.value, UInt8(ascii: "X"), "close() sends Terminate")
    }

    func testInvalidUTF8_stopsTheReadNamingRowAndColumn() throws {
        // "café" in Latin-1, as a SQL_ASCII database hands it over: never replaced by U+FFFD.
        let (server, connection) = try session(rows: [Array("Smith".utf8), [0x63, 0x61, 0x66, 0xe9]])
        defer { server.stop() }
        defer { connection.close() }
        _ = try connection.startQuery("SELECT 1")
        XCTAssertEqual(try connection.nextRow(), ["Smith"])
        XCTAssertThrowsError(try connection.nextRow()) { error in
            XCTAssertEqual((error as? PostgresError)?.code, .invalidData)
            XCTAssertTrue("\(error)".contains("row 2, column SURNAME"), "\(error)")
            XCTAssertTrue("\(error)".contains("SQL_ASCII"), "\(error)")
        }
        XCTAssertEqual(connection.state, .broken)
    }
}
