import Decoder
import Foundation
import Testing
import TestSupport

@testable import Emu

/// Differential testing against qemu-riscv32: random RV32IMAC programs (ALU, M, loads and
/// stores, forward branches and jumps, lr/sc and AMOs, compressed forms) must print the same
/// register dump and scratch memory, and exit the same way, under emu and under qemu.
/// `scripts/fuzz` runs the same check over long seed ranges.
@Suite struct QemuDifferentialTests {
    static let seedsPerBatch: UInt64 = 50

    @Test(arguments: 0..<6)
    func emuMatchesQemu(batch: UInt64) throws {
        guard let qemu = try Oracle.require("qemu-riscv32") else { return }
        let first = batch * Self.seedsPerBatch
        try Self.compare(qemu, ProgramGenerator(), seeds: first..<(first + Self.seedsPerBatch),
                         name: "emu-differential-\(batch)", rerun: "scripts/fuzz")
    }

    /// F and D: random FP programs (every FP instruction, all rounding modes, f registers
    /// seeded with special values) must leave the same x registers, f registers, fcsr and
    /// memory under emu and qemu-riscv32 (300 programs: 6 batches of 50).
    @Test(arguments: 0..<6)
    func floatingPointMatchesQemu(batch: UInt64) throws {
        guard let qemu = try Oracle.require("qemu-riscv32") else { return }
        let first = 100_000 + batch * Self.seedsPerBatch
        let generator = ProgramGenerator(options: .init(length: 120, floatingPoint: true))
        let programs = try Self.compare(qemu, generator, seeds: first..<(first + Self.seedsPerBatch),
                                        name: "emu-float-differential-\(batch)", rerun: "scripts/fuzz --float")
        let floatOps = programs.flatMap { $0.items.flatMap(\.instructions) }.filter { $0.opcode.floatExtension != nil }
        #expect(floatOps.count > 1_000)
        #expect(Set(floatOps.map(\.opcode)).count == Opcode.allCases.filter { $0.floatExtension != nil }.count)
    }

    /// Runs each seed's program under qemu-riscv32 (at `qemu`) and under emu and records
    /// every difference in status or output, naming the seed and the command (`rerun`) that
    /// runs it again. Returns the programs compared.
    @discardableResult
    static func compare(_ qemu: String, _ generator: ProgramGenerator, seeds: Range<UInt64>, name: String,
                        rerun: String) throws -> [GeneratedProgram] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var programs: [GeneratedProgram] = []
        for seed in seeds {
            let program = generator.program(seed: seed)
            programs.append(program)
            let elf = try program.elf()
            let file = directory.appendingPathComponent("seed-\(seed).elf")
            try Data(elf).write(to: file)
            // qemu-user, like execve, refuses a file without execute permission.
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
            let reference = try ProcessRunner.run(qemu, [file.path])
            let emu = GuestOutput.run(elf: elf)
            // Both must have run to the end: a program that crashes tests too little.
            #expect(reference.status == 0 && reference.stdout.count == GeneratedProgram.outputSize,
                    "seed \(seed): qemu-riscv32 exited \(reference.status) after \(reference.stdout.count) bytes")
            #expect(emu.status == reference.status, "seed \(seed): exit status")
            if emu.output != reference.stdout {
                let first = zip(emu.output, reference.stdout).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                Issue.record("seed \(seed): output differs at byte \(first ?? min(emu.output.count, reference.stdout.count)) (bytes 0..<128 are x0..x31); run \(rerun) --seeds 1 --start \(seed)")
            }
        }
        return programs
    }

    @Test func sameSeedSameProgramAndEveryInstructionEncodes() throws {
        let generator = ProgramGenerator()
        for seed in UInt64(0)..<50 {
            let program = generator.program(seed: seed)
            #expect(program == generator.program(seed: seed))
            let placed = try program.assemble()
            let body = placed.filter(\.isBody)
            #expect(body.count == program.bodyInstructionCount)
            // What the decoder reads back is the generated operation (offsets are patched).
            let generated = program.items.flatMap(\.instructions).map(\.opcode)
            #expect(body.map(\.decoded.opcode) == generated, "seed \(seed)")
        }
        // Compressed forms do get generated, and not only where operands happen to fit.
        let compressed = (UInt64(0)..<20).map { seed in
            (try? generator.program(seed: seed).assemble().filter { $0.isBody && $0.decoded.isCompressed }.count) ?? 0
        }
        #expect(compressed.allSatisfy { $0 >= 5 }, "compressed instructions per program: \(compressed)")
    }

    @Test func shrinkerKeepsOnlyWhatTheFailureNeeds() throws {
        let program = ProgramGenerator().program(seed: 11)
        let divides = program.items.filter { $0.instructions.contains { $0.opcode == .div || $0.opcode == .divu } }
        try #require(!divides.isEmpty)
        let small = ProgramShrinker.shrink(program) { candidate in
            candidate.items.contains { $0.instructions.contains { $0.opcode == .div || $0.opcode == .divu } }
        }
        #expect(small.items.count == 1)
        #expect(divides.contains(small.items[0]))
        // Removing an item keeps every transfer forward and inside the program.
        let thinned = program.removing(Set(stride(from: 0, to: program.items.count, by: 2)))
        for (index, item) in thinned.items.enumerated() {
            if let fixup = item.fixup { #expect(fixup.target > index && fixup.target <= thinned.items.count) }
        }
        #expect(GuestOutput.run(elf: try thinned.elf()).status == 0)
    }
}
