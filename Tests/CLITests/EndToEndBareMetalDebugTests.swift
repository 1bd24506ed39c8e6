import Emu
import Foundation
import Testing
import TestSupport

/// `emu debug` of a bare-metal (`tohost`) binary: machine mode from the entry point, the
/// CSRs visible (`csr`, the TUI's register pane, gdb's CSR registers), the end at the
/// `tohost` write (status 0 for a pass, 1 for a failure), no reverse execution.
@Suite struct EndToEndBareMetalDebugTests {
    static let vectored = Paths.programs + "/bin/conformance/vectored"

    /// The address of `name` in the vectored conformance binary.
    static func symbol(_ name: String) throws -> UInt32 {
        let elf = try ELFFile(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: vectored))))
        return try #require(elf.symbol(named: name)).value
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    @Test func batchShowsMachineModeAndTheCSRs() throws {
        let table = try Self.symbol("m_table")
        let slot = try Self.symbol("m_slot1")
        let commands = "csr\nb m_slot1\nc\ncsr mcause\ncsr mtvec\ncsr 0x343\ncsr nosuch\nrs\nd 1\nc\n"
        let emu = try EmuBinary.run(["debug", Self.vectored], input: Array(commands.utf8))
        let text = emu.stdoutText
        #expect(emu.status == 0, "\(text)\n\(emu.stderrText)")
        #expect(text.contains("(emu) csr\npriv     M\nmstatus  0x"), "\(text)")
        // Nothing has run yet: mtvec holds its reset value.
        #expect(text.contains("\nmtvec    0x00000000\n"), "\(text)")
        #expect(text.contains("stopped: breakpoint 1 at 0x\(Self.hex(slot))  pc=0x\(Self.hex(slot)) <m_slot1>"), "\(text)")
        // The supervisor software interrupt (cause 1, interrupt bit set) through the
        // vectored mtvec (BASE | 1).
        #expect(text.contains("(emu) csr mcause\nmcause = 0x80000001\n"))
        #expect(text.contains("(emu) csr mtvec\nmtvec = 0x\(Self.hex(table | 1))\n"))
        #expect(text.contains("(emu) csr 0x343\nmtval = 0x00000000\n"))
        #expect(text.contains("(emu) csr nosuch\nerror: csr: no CSR 'nosuch' on this hart\n"))
        #expect(text.contains("(emu) rs\nstopped: reached the start of the recorded history"))
        #expect(text.contains("stopped: exited with status 0"))
        #expect(!text.contains("SIGILL"))
    }

    @Test func aFailingTestEndsWithStatusOne() throws {
        let (_, paths) = try EndToEndTestCommandTests.suite()
        let emu = try EmuBinary.run(["debug", paths[1]], input: Array("s\ncsr\nc\n".utf8))
        #expect(emu.status == 1)
        #expect(emu.stdoutText.contains("(emu) csr\npriv     M\n"))
        #expect(emu.stdoutText.contains("stopped: exited with status 1"))
    }

    @Test func screenShowsThePrivilegeAndCSRs() throws {
        let emu = try EmuBinary.run(["debug", "--screen", "40x160", Self.vectored], input: Array("b m_slot1\nc\n".utf8))
        #expect(emu.status == 0)
        let screen = emu.stdoutText
        #expect(screen.contains("priv M"), "\(screen)")
        #expect(screen.contains("mcause 80000001"), "\(screen)")
        #expect(screen.contains("mtvec \(Self.hex(try Self.symbol("m_table") | 1))"), "\(screen)")
    }

    @Test func gdbSeesTheCSRsOfABareMetalBinary() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let launch = try GDBServerLaunch.start(Self.vectored, command: "debug")
        defer { launch.stop() }
        let script = """
            set pagination off
            set confirm off
            target remote :\(launch.port)
            break m_slot1
            continue
            p/x $mcause
            p/x $mtvec
            p $priv
            delete
            continue
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emu-gdb-\(UUID().uuidString).gdb")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ProcessRunner.run(gdb, ["-nx", "-batch", "-x", file.path, Self.vectored], currentDirectory: Paths.packageRoot)
        launch.stop(waiting: 10)
        let text = result.stdoutText
        #expect(text.contains("Breakpoint 1, "), "\(text)\n\(result.stderrText)")
        let values = text.split(separator: "\n").filter { $0.hasPrefix("$") }.map { String($0.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespaces) }
        #expect(values == ["0x80000001", "0x\(String(try Self.symbol("m_table") | 1, radix: 16))", "3"], "\(text)")
        #expect(text.contains("exited normally") || text.contains("exited with code 00"), "\(text)")
        #expect(launch.process.terminationStatus == 0)
    }
}
