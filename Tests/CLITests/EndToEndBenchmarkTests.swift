import Foundation
import TestSupport
import Testing

/// The benchmark workloads at small sizes: emu and qemu-riscv32 print the same checksum
/// for the rv32i, rv32im and rv32imac builds.
@Suite struct EndToEndBenchmarkTests {
    /// Small sizes (see programs/README.md), chosen to run in about a second in a debug emu.
    static let sizes: [String: String] = [
        "empty": "", "fib": "20", "coremark": "5", "stream": "1", "sieve": "1", "hashtable": "2",
        "sort": "1", "sha256": "1", "bytecode": "1",
    ]

    static let workloads: [String] = ["", "rv32im/", "rv32imac/"].flatMap { variant in
        sizes.keys.sorted().map { "programs/bin/\(variant)bench/\($0).elf" }
    }

    @Test(arguments: workloads)
    func sameChecksumAsQEMU(_ program: String) throws {
        let name = ((program as NSString).lastPathComponent as NSString).deletingPathExtension
        let size = EndToEndBenchmarkTests.sizes[name] ?? ""
        let invocation = ReferenceRun.Invocation(arguments: size.isEmpty ? [] : [size])
        let emu = try ReferenceRun.emu(program, invocation)
        #expect(emu.status == 0, "\(emu.stderrText)")
        if !size.isEmpty {
            #expect(emu.stdoutText.contains("\(name) \(size): checksum "), "\(emu.stdoutText)")
        }
        guard let qemu = try ReferenceRun.qemu(program, invocation) else { return }
        #expect(emu.stdoutText == qemu.stdoutText)
        #expect(emu.status == qemu.status)
    }

    /// A size out of range exits 2 under both.
    @Test func sizeOutOfRange() throws {
        let invocation = ReferenceRun.Invocation(arguments: ["41"])
        let emu = try ReferenceRun.emu("programs/bin/bench/fib.elf", invocation)
        #expect(emu.status == 2)
        guard let qemu = try ReferenceRun.qemu("programs/bin/bench/fib.elf", invocation) else { return }
        #expect(qemu.status == 2)
    }
}
