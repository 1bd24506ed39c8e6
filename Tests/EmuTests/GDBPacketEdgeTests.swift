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
}
