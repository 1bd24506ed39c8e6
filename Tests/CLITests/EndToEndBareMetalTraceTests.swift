import Emu
import Foundation
import Testing
import TestSupport

/// `--trace` and `--stats` of bare-metal (`tohost`) binaries through `emu test` and `emu
/// run`: the Linux-mode trace line after the privilege letter, the exception an
/// instruction raised and the interrupts taken (README "Tracing").
@Suite struct EndToEndBareMetalTraceTests {
    typealias Suite = EndToEndTestCommandTests

    /// The trace of the unexpected-trap binary, written by hand from its instructions
    /// (`EndToEndTestCommandTests.suite`), the disassembly as objdump prints it.
    static let trapTrace = """
        M 80000000: 00000397  auipc\tt2,0x0  ; t2 = 0x80000000
        M 80000004: 01038393  add\tt2,t2,16  ; t2 = 0x80000010
        M 80000008: 30539073  csrw\tmtvec,t2
        M 8000000c: 00000073  ecall  ; trap: environment call from M-mode, tval 0x00000000 -> M 80000010
        M 80000010: 800012b7  lui\tt0,0x80001  ; t0 = 0x80001000
        M 80000014: 53d00313  li\tt1,1341  ; t1 = 0x0000053d
        M 80000018: 0062a023  sw\tt1,0(t0)  ; store 0x80001000 <- 0x0000053d

        """

    @Test func emuTestTracesABareMetalBinary() throws {
        let (_, paths) = try Suite.suite()
        let emu = try EmuBinary.run(["test", "--trace", paths[2]])
        #expect(emu.status == 1)
        #expect(emu.stderrText == Self.trapTrace)
        #expect(emu.stdoutText.contains("FAIL  unexpected trap"))
    }

    @Test func emuRunTracesABareMetalBinaryAndPrintsStats() throws {
        let (_, paths) = try Suite.suite()
        let emu = try EmuBinary.run(["run", "--trace", "--stats", paths[2]])
        #expect(emu.status == 1)
        let lines = emu.stderrText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(7).joined(separator: "\n") + "\n" == Self.trapTrace)
        // The Linux-mode --stats line: instructions, seconds, MIPS.
        #expect(emu.stderrText.contains(#/\nemu: 6 instructions retired in [0-9]+\.[0-9]{3} s \([0-9]+\.[0-9] MIPS\)\n/#))
    }

    @Test func traceFileAndFilterOnBareMetal() throws {
        let (directory, paths) = try Suite.suite()
        let file = directory + "/trace.txt"
        let emu = try EmuBinary.run(["test", "--trace-file", file, "--trace-filter", "8000000c-80000014", paths[2]])
        #expect(emu.status == 1)
        #expect(emu.stderrText.isEmpty)
        let lines = Self.trapTrace.split(separator: "\n").map(String.init)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == lines[3] + "\n" + lines[4] + "\n")
    }

    /// Several binaries: each one's lines after a `# PATH` line.
    @Test func severalBinariesAreHeaded() throws {
        let (_, paths) = try Suite.suite()
        let emu = try EmuBinary.run(["test", "--trace", paths[0], paths[1]])
        #expect(emu.stderrText.hasPrefix("# \(paths[0])\nM 80000000: "))
        #expect(emu.stderrText.contains("\n# \(paths[1])\nM 80000000: "))
    }

    /// Interrupts show where they are taken, and a vectored mtvec/stvec sends them to
    /// BASE + 4 × cause (programs/conformance/vectored.S).
    @Test func interruptsAndPrivilegeChangesAreTraced() throws {
        let path = Paths.programs + "/bin/conformance/vectored"
        let elf = try ELFFile(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let mTable = try #require(elf.symbol(named: "m_table")).value
        let sTable = try #require(elf.symbol(named: "s_table")).value
        func hex(_ value: UInt32) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 8 - digits.count) + digits
        }
        let emu = try EmuBinary.run(["test", "--trace", path])
        #expect(emu.status == 0)
        let trace = emu.stderrText
        let interrupts = trace.split(separator: "\n").filter { $0.hasPrefix("interrupt: ") }.map {
            String($0.replacing(#/ at [0-9a-f]{8} /#, with: " at PC "))
        }
        #expect(interrupts == [
            "interrupt: supervisor software interrupt at PC -> M \(hex(mTable + 4))",
            "interrupt: supervisor timer interrupt at PC -> M \(hex(mTable + 20))",
            "interrupt: supervisor software interrupt at PC -> S \(hex(sTable + 4))",
        ])
        #expect(trace.contains("  ; trap: environment call from M-mode, tval 0x00000000 -> M \(hex(mTable))\n"))
        #expect(trace.contains("  ; trap: environment call from U-mode, tval 0x00000000 -> S \(hex(sTable))\n"))
        #expect(trace.contains("  ; trap: environment call from S-mode, tval 0x00000000 -> M \(hex(mTable))\n"))
        #expect(trace.contains("\nU "))
        #expect(trace.contains("\nS "))
    }

    @Test func traceNeedsOneJob() throws {
        let (_, paths) = try Suite.suite()
        let emu = try EmuBinary.run(["test", "--trace", "-j", "2", paths[0], paths[1]])
        #expect(emu.status == 125)
        #expect(emu.stderrText.contains("--trace needs -j 1"))
    }
}
