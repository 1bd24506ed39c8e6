@testable import Emu
import Testing

/// GDB packets with hostile numbers: a remote-protocol client is as untrusted as the guest,
/// and no packet may trap emu.
@Suite("GDB packet edges")
struct GDBPacketEdgeTests {
    func server() throws -> GDBServer {
        let debugger = try DebuggerTests().makeDebugger(try DebugTestProgram.main())
        return GDBServer(debugger: debugger, socket: try GDBSocket(port: 0))
    }

    func answer(_ server: GDBServer, _ text: String) -> String { server.answer(text, raw: Array(text.utf8)) }

    @Test func negativeAndHugeRegisterNumbers() throws {
        let gdb = try server()
        #expect(answer(gdb, "p-1") == "E01")
        #expect(answer(gdb, "p-8000000000000000") == "E01")
        #expect(answer(gdb, "p7fffffffffffffff") == "E45")
        #expect(answer(gdb, "P-1=00000000") == "OK")  // ignored, as a write to x0
        #expect(answer(gdb, "P21=00000000") == "E01")
    }

    @Test func hugeLengthsAndAddressesAtTheTop() throws {
        let gdb = try server()
        #expect(answer(gdb, "qXfer:features:read:target.xml:0,7fffffffffffffff").hasPrefix("l"))
        #expect(answer(gdb, "qXfer:features:read:target.xml:ffffffff,7fffffffffffffff") == "E01")
        #expect(answer(gdb, "mffffffff,7fffffffffffffff") == "E14")
        #expect(answer(gdb, "mfffffffc,8") == "E14")
        #expect(answer(gdb, "Mffffffff,2:0000") == "E14")
        #expect(answer(gdb, "Z2,ffffffff,ffffffff") == "E01")
        #expect(answer(gdb, "z2,ffffffff,ffffffff") == "OK")
        #expect(answer(gdb, "Z0,-1,4") == "E01")
    }

    /// The qXfer reads and vRun added for gdb's `info auxv`, exec-file and extended mode:
    /// offsets past the end, huge lengths and bad hex are errors, never traps; the auxv
    /// slices put together are the whole vector, ending in AT_NULL.
    @Test func transfersAndRunWithHostileNumbers() throws {
        let gdb = try server()
        #expect(answer(gdb, "qXfer:auxv:read::ffffffff,7fffffffffffffff") == "E01")
        #expect(answer(gdb, "qXfer:auxv:read::0,-1") == "E01")
        let whole = answer(gdb, "qXfer:auxv:read::0,7fffffffffffffff")
        #expect(whole.hasPrefix("l"))
        var pieces = ""
        var offset = 0
        while true {
            let reply = answer(gdb, "qXfer:auxv:read::\(String(offset, radix: 16)),5")
            guard let kind = reply.first, kind == "m" || kind == "l" else { Issue.record("\(reply)"); break }
            pieces += reply.dropFirst()
            offset += reply.unicodeScalars.count - 1
            if kind == "l" { break }
        }
        #expect("l" + pieces == whole)
        let bytes = whole.unicodeScalars.dropFirst().map { UInt8($0.value) }
        #expect(bytes.count % 8 == 0 && bytes.count >= 16)
        #expect(bytes.suffix(8) == [0, 0, 0, 0, 0, 0, 0, 0], "ends with AT_NULL")
        // No path known, no colon, no restart: errors.
        #expect(answer(gdb, "qXfer:exec-file:read::0,100") == "E01")
        gdb.executablePath = "/a/b"
        #expect(answer(gdb, "qXfer:exec-file:read::0,100") == "l/a/b")
        #expect(answer(gdb, "qXfer:exec-file:read:1:2,100") == "l/b")
        #expect(answer(gdb, "qXfer:exec-file:read:0,100") == "E01")
        #expect(answer(gdb, "vRun;") == "E01")
        gdb.restart = { _ in nil }
        #expect(answer(gdb, "vRun;;zz") == "E01")
        #expect(answer(gdb, "vRun;;31") == "E01", "a restart that fails")
    }
}
