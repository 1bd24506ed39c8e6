@testable import Emu
import Testing

/// A LinuxProcess driven directly with edge values: images that end at 2^32 and memory
/// calls at the top of the address space, none of which may trap.
@Suite("Linux process edges")
struct LinuxProcessEdgeTests {
    /// `ecall` then `ebreak`: never run, only loaded.
    static let code: [UInt8] = [0x73, 0, 0, 0, 0x73, 0, 0x10, 0]

    func process(_ segments: [ELFWriter.Segment], memory: UInt64 = 256 << 20) throws -> LinuxProcess {
        let bytes = ELFWriter(entry: segments[0].vaddr, segments: segments).write()
        var configuration = LinuxConfiguration(arguments: ["edge"])
        configuration.memoryLimit = memory
        return try LinuxProcess(elf: try ELFFile(bytes: bytes), configuration: configuration)
    }

    func call(_ process: LinuxProcess, _ body: (LinuxProcess, SyscallArguments) -> SyscallResult,
              _ arguments: UInt32...) -> Int32? {
        let raw = arguments + [UInt32](repeating: 0, count: 6 - arguments.count)
        if case .value(let value) = body(process, SyscallArguments(raw: raw)) { return value }
        return nil
    }

    @Test func imageEndingAtTwoToThe32LeavesNoRoomForTheStack() throws {
        // Code at 0xf0000000 and data up to exactly 2^32: the arena (256 MiB) reaches 2^32,
        // and the image's end used to wrap to 0, putting heap and stack on the image.
        let segments: [ELFWriter.Segment] = [
            .init(vaddr: 0xF000_0000, bytes: Self.code, permissions: [.read, .execute]),
            .init(vaddr: 0xFFFF_F000, bytes: [], memsz: 0x1000, permissions: [.read, .write]),
        ]
        #expect(throws: LinuxProcess.StartError.self) { try process(segments) }
    }

    @Test func memoryCallsAtTheTop() throws {
        let p = try process([.init(vaddr: 0x10000, bytes: Self.code, permissions: [.read, .execute])])
        let einval = -LinuxErrno.EINVAL.code, enomem = -LinuxErrno.ENOMEM.code
        #expect(call(p, { $0.munmap($1) }, 0xFFFF_F000, 4096) == 0)
        #expect(call(p, { $0.munmap($1) }, 0xFFFF_F000, 4097) == einval)
        #expect(call(p, { $0.munmap($1) }, 0, UInt32.max) == einval)
        #expect(call(p, { $0.munmap($1) }, 0x1000, 0) == einval)
        #expect(call(p, { $0.mprotect($1) }, 0xFFFF_F000, 0, 3) == 0)
        #expect(call(p, { $0.mprotect($1) }, 0xFFFF_F000, 0x2000, 3) == enomem)
        #expect(call(p, { $0.mprotect($1) }, 0xFFFF_F001, 1, 3) == einval)
        #expect(call(p, { $0.mmap($1) }, 0, UInt32.max, 3, 0x22, UInt32.max, 0) == einval)
        #expect(call(p, { $0.mmap($1) }, 0xFFFF_F000, 0x1000, 3, 0x32, UInt32.max, 0) == enomem)
        // A mapping just under the stack, then unmapping across its end and beyond 2^32's edge.
        let below = p.stackBottom - 0x2000
        #expect(call(p, { $0.mmap($1) }, below, 0x2000, 3, 0x32, UInt32.max, 0) == Int32(bitPattern: below))
        #expect(p.mappings == [GuestRange(start: below, length: 0x2000)])
        #expect(call(p, { $0.munmap($1) }, below + 0x1000, 0x1000) == 0)
        #expect(p.mappings == [GuestRange(start: below, length: 0x1000)])
        #expect(call(p, { $0.munmap($1) }, below, 0xFFFF_F000 - below) == 0)
        #expect(p.mappings.isEmpty)
        #expect(call(p, { $0.brk($1) }, UInt32.max) == Int32(bitPattern: p.programBreak))
    }
}
