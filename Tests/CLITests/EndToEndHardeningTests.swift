import Decoder
import Emu
import Foundation
import Testing
import TestSupport

/// The interpreter's hardening, through the built binary (issue 10): host memory bounded
/// whatever the code layout, `--timeout` preemptive whatever the guest runs, and one
/// memory policy under `emu run`, `--trace`, `emu debug` and qemu-riscv32.
@Suite struct EndToEndHardeningTests {
    /// The little-endian bytes of `code`.
    static func assemble(_ code: [Instruction]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for inst in code {
            let word = try #require(encode(inst))
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return bytes
    }

    /// Writes a static ELF whose code segments are `segments` (address, instructions), entry
    /// at the first, and returns its path.
    static func writeELF(_ segments: [(UInt32, [Instruction])], to path: String) throws -> String {
        let built = try segments.map { ELFWriter.Segment(vaddr: $0.0, bytes: try assemble($0.1), permissions: [.read, .execute]) }
        let elf = ELFWriter(entry: segments[0].0, segments: built,
                            symbols: [.init(name: "_start", value: segments[0].0, size: UInt32(built[0].bytes.count), kind: .function)])
        try Data(elf.write()).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `li a7, 93; ecall` with a0 as it is.
    static let exit: [Instruction] = [Instruction(.addi, rd: 17, imm: 93), Instruction(.ecall)]

    /// Two tiny R+X segments 60 MiB apart, the first jumping to the second, which exits 7:
    /// the code span is 60 MiB, the code a few bytes. The decoded cache used to take 32
    /// bytes per halfword of the span (960 MiB here) at start-up; now only the pages that
    /// run cost host memory, so emu's own peak RSS stays far below `--memory`.
    @Test func sparseCodeSegmentsCostNoHostMemory() throws {
        let far: UInt32 = 0x10000 + (60 << 20)
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.writeELF([
            // lui t0, far; jalr x0, 0(t0)
            (0x10000, [Instruction(.lui, rd: 5, imm: Int32(bitPattern: far)), Instruction(.jalr, rd: 0, rs1: 5)]),
            (far, [Instruction(.addi, rd: 10, imm: 7)] + Self.exit),
        ], to: directory + "/sparse.elf")
        let result = try EmuBinary.run(["run", "--memory", "64M", path])
        #expect(result.status == 7, "\(result.stderrText)")
        // ru_maxrss of the emu child itself (wait4), not of the test process.
        #expect(result.peakRSSKiB > 0)
        #expect(result.peakRSSKiB < 48 * 1024, "emu's peak RSS was \(result.peakRSSKiB) KiB under --memory 64M")
    }

    /// `fence.i` in a tight loop over a 16 MiB code span: every FENCE.I used to clear the
    /// whole span's cache (256 MiB of writes) and the deadline was only checked between
    /// slices, so `--timeout 2` still ran after a minute. Now FENCE.I costs what was decoded
    /// and the timer preempts the loop: status 124 within 1.5 s of a 1 s timeout.
    @Test func fenceIStormEndsAtTheTimeout() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.writeELF([
            // loop: fence.i; j loop
            (0x10000, [Instruction(.fenceI), Instruction(.jal, rd: 0, imm: -4)]),
            (0x10000 + (16 << 20), [Instruction(.addi, rd: 0, imm: 0)]),
        ], to: directory + "/storm.elf")
        let start = Date()
        let result = try EmuBinary.run(["run", "--timeout", "1", path])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 124, "\(result.stderrText)")
        #expect(elapsed <= 1.5, "took \(elapsed) s")
    }

    /// A straight-line stretch of 4 MiB of nops looped over: the budget checks at backward
    /// jumps are 1 M instructions apart, and the timer still ends it in time.
    @Test func longStraightLineLoopEndsAtTheTimeout() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let nops = [Instruction](repeating: Instruction(.addi, rd: 0, imm: 0), count: 1 << 20)
        // The closing jump goes back over the whole sled (lui t0, 0x10000; jr t0).
        let back = [Instruction(.lui, rd: 5, imm: 0x10000), Instruction(.jalr, rd: 0, rs1: 5)]
        let path = try Self.writeELF([(0x10000, nops + back)], to: directory + "/sled.elf")
        let start = Date()
        let result = try EmuBinary.run(["run", "--timeout", "1", path])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 124, "\(result.stderrText)")
        // Loading the 4 MiB file before the timer is armed is in `elapsed` too.
        #expect(elapsed <= 2.0, "took \(elapsed) s")
    }

    /// Stores 42 to 0x01000000 (inside the arena, between heap and stack, unmapped) and
    /// loads it back as the exit status. Linux (qemu-riscv32) kills it with SIGSEGV at the
    /// store; so must every executor of emu's: the threaded loop (`emu run`), the generic
    /// one (`--trace`) and the debugger.
    @Test func unmappedStoreFaultsOnEveryExecutor() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let code: [Instruction] = [
            Instruction(.lui, rd: 5, imm: 0x0100_0000),
            Instruction(.addi, rd: 6, imm: 42),
            Instruction(.sw, rs1: 5, rs2: 6),
            Instruction(.lw, rd: 10, rs1: 5),
        ] + Self.exit
        let path = try Self.writeELF([(0x10000, code)], to: directory + "/unmapped.elf")
        let run = try EmuBinary.run(["run", path])
        #expect(run.status == 139, "emu run: \(run.stderrText)")
        let trace = try EmuBinary.run(["run", "--trace", path])
        #expect(trace.status == 139, "emu run --trace: \(trace.stderrText)")
        let script = directory + "/commands"
        try Data("continue\n".utf8).write(to: URL(fileURLWithPath: script))
        let debug = try EmuBinary.run(["debug", "--batch", script, path])
        #expect(debug.stdoutText.contains("SIGSEGV") || debug.stdoutText.lowercased().contains("fault"),
                "emu debug: \(debug.stdoutText) \(debug.stderrText)")
        #expect(!debug.stdoutText.contains("exited with status 42") && !debug.stdoutText.contains("status 42"),
                "emu debug: \(debug.stdoutText)")
    }
}
