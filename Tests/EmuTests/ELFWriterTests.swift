import Emu
import Foundation
import TestSupport
import Testing

@Suite("ELF writer")
struct ELFWriterTests {
    /// Writes `bytes` to a fresh executable file and passes its path to `body`.
    private func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("elf-writer-\(UUID().uuidString).elf")
            .path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return try body(path)
    }

    @Test func roundTripsSegmentsEntryFlagsAndSymbols() throws {
        let writer = ELFSample.writer
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.entry == writer.entry)
        #expect(elf.flags == writer.flags)
        #expect(elf.segments.count == writer.segments.count)
        for (parsed, written) in zip(elf.segments, writer.segments) {
            #expect(parsed.vaddr == written.vaddr)
            #expect(parsed.memsz == written.memsz)
            #expect(parsed.fileBytes == written.bytes)
            #expect(parsed.permissions == written.permissions)
        }
        // The writer puts locals first; compare as sets of (name, value, size, kind, binding).
        func key(
            _ name: String, _ value: UInt32, _ size: UInt32, _ kind: ELFFile.Symbol.Kind,
            _ binding: ELFFile.Symbol.Binding
        ) -> String {
            "\(name) \(value) \(size) \(kind) \(binding)"
        }
        let parsed = Set(elf.symbols.map { key($0.name, $0.value, $0.size, $0.kind, $0.binding) })
        let written = Set(writer.symbols.map { key($0.name, $0.value, $0.size, $0.kind, $0.binding) })
        #expect(parsed == written)
        #expect(elf.symbols.count == writer.symbols.count)
        #expect(elf.symbols.allSatisfy { $0.isDefined && !$0.isAbsolute })
    }

    @Test func roundTripsManyRandomLayouts() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            // Non-overlapping segments: each starts on its own 64 KiB slot.
            let count = Int.random(in: 1...4, using: &generator)
            var segments: [ELFWriter.Segment] = []
            for slot in 0..<count {
                let vaddr = UInt32(0x10000 * (slot + 1)) + UInt32.random(in: 0..<0x8000, using: &generator)
                let size = Int.random(in: 0..<300, using: &generator)
                let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let extra = UInt32.random(in: 0..<0x4000, using: &generator)
                let permissions: ELFFile.Permissions = slot == 0 ? [.read, .execute] : [.read, .write]
                segments.append(
                    .init(
                        vaddr: vaddr, bytes: bytes, memsz: UInt32(size) + extra + (slot == 0 ? 4 : 0),
                        permissions: permissions))
            }
            let symbols = (0..<Int.random(in: 0...6, using: &generator)).map { number in
                ELFWriter.Symbol(
                    name: "sym\(number)", value: UInt32.random(in: 0..<0x60000, using: &generator),
                    size: UInt32.random(in: 0..<64, using: &generator),
                    kind: [.notype, .object, .function].randomElement(using: &generator) ?? .notype,
                    binding: [.local, .global, .weak].randomElement(using: &generator) ?? .global)
            }
            let writer = ELFWriter(entry: segments[0].vaddr, segments: segments, symbols: symbols)
            let elf = try ELFFile(bytes: writer.write())
            #expect(elf.entry == writer.entry)
            #expect(elf.segments.map(\.vaddr) == segments.map(\.vaddr))
            #expect(elf.segments.map(\.memsz) == segments.map(\.memsz))
            #expect(elf.segments.map(\.fileBytes) == segments.map(\.bytes))
            #expect(elf.programHeaders.allSatisfy { $0.offset % 0x1000 == $0.vaddr % 0x1000 })
            for symbol in symbols {
                #expect(
                    elf.symbols.contains {
                        $0.name == symbol.name && $0.value == symbol.value && $0.size == symbol.size
                    })
            }
        }
    }

    @Test func memorySizeIsNeverBelowTheFileSize() {
        let segment = ELFWriter.Segment(vaddr: 0x10000, bytes: [1, 2, 3, 4], memsz: 2, permissions: [.read])
        #expect(segment.memsz == 4)
        #expect(ELFWriter.Segment(vaddr: 0, bytes: [1, 2], permissions: [.read]).memsz == 2)
    }

    @Test func readelfAcceptsTheOutputWithoutWarnings() throws {
        guard let readelf = try Oracle.require("riscv64-unknown-elf-readelf") else { return }
        try withTemporaryFile(ELFSample.file) { path in
            let result = try ProcessRunner.run(readelf, ["-a", "-W", path])
            #expect(result.status == 0)
            #expect(result.stderrText.isEmpty, "\(result.stderrText)")
            #expect(!result.stdoutText.contains("Warning"), "\(result.stdoutText)")
            let out = result.stdoutText
            #expect(out.contains("ELF32"))
            #expect(out.contains("EXEC (Executable file)"))
            #expect(out.contains("RISC-V"))
            #expect(out.contains("Entry point address:               0x10000"))
            for name in ["_start", "tohost", "begin_signature", "buffer"] {
                #expect(out.contains(" \(name)\n"), "readelf does not list \(name)")
            }
            #expect(out.contains("RVC, double-float ABI"))
        }
    }

    @Test func qemuRunsAWrittenProgram() throws {
        guard let qemu = try Oracle.require("qemu-riscv32") else { return }
        let writer = ELFWriter(
            entry: 0x10000,
            segments: [
                .init(vaddr: 0x10000, bytes: ELFSample.bytes(ELFSample.exitSeven), permissions: [.read, .execute])
            ],
            symbols: [.init(name: "_start", value: 0x10000, size: 12, kind: .function)])
        let result = try withTemporaryFile(writer.write()) { try ProcessRunner.run(qemu, [$0]) }
        #expect(result.status == 7, "\(result.stderrText)")
    }

    @Test func qemuLoadsTheDataSegment() throws {
        guard let qemu = try Oracle.require("qemu-riscv32") else { return }
        let code: [UInt32] = [
            0x0010_0513,  // addi a0, x0, 1        (fd 1)
            0x0001_15B7,  // lui  a1, 0x11         (buffer at 0x11000)
            0x0030_0613,  // addi a2, x0, 3        (3 bytes)
            0x0400_0893,  // addi a7, x0, 64       (write)
            0x0000_0073,  // ecall
            0x0070_0513,  // addi a0, x0, 7
            0x05D0_0893,  // addi a7, x0, 93       (exit)
            0x0000_0073,  // ecall
        ]
        let writer = ELFWriter(
            entry: 0x10000,
            segments: [
                .init(vaddr: 0x10000, bytes: ELFSample.bytes(code), permissions: [.read, .execute]),
                .init(vaddr: 0x11000, bytes: Array("hi\n".utf8), memsz: 0x2000, permissions: [.read, .write]),
            ])
        let result = try withTemporaryFile(writer.write()) { try ProcessRunner.run(qemu, [$0]) }
        #expect(result.status == 7, "\(result.stderrText)")
        #expect(result.stdoutText == "hi\n")
    }
}
