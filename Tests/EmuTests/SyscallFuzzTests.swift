import Foundation
import Glibc
import Testing
import TestSupport

@testable import Emu

/// Random system calls against an in-process `LinuxProcess`: random numbers (mostly real
/// riscv32 calls, some unknown), arguments drawn from hostile pools (pointers into and out
/// of guest memory, the arena's last byte, huge lengths, odd fds, paths that try to leave
/// the mounts; edge values of ranges: `0xFFFFF000`, lengths that end a range exactly at
/// 2^32 or one byte past, zero and maximal lengths). emu must never crash, never touch a host file outside its mounts, and
/// never exceed the descriptor, write or memory limits.
///
/// `EMU_FUZZ_SEEDS` and `EMU_FUZZ_CALLS` scale the run (defaults 24 seeds x 3000 calls).
@Suite("Syscall fuzzer")
struct SyscallFuzzTests {
    static let maxWrite: UInt64 = 64 * 1024
    static let maxFDs = 16
    static let memory: UInt64 = 4 << 20


    static let paths = [
        "/m/a", "/m/b", "/m/d", "/m/d/e", "/m/link", "/m/../../etc/passwd", "../../../outside/secret", "/", "/m",
        "/m/", "/r/data", "/r/x", "/t/y", "/t", "..", ".", "x", "", "/dev/null", "/dev/zero", "/dev/urandom",
        "/dev", "/proc/self/mem", "/etc/passwd", "/m/out", "/m/out/secret", "/m/" + String(repeating: "n", count: 300),
        String(repeating: "../", count: 50) + "etc",
    ]

    @Test func randomSyscallsStayInsideTheSandbox() throws {
        try fuzz(edges: false)
    }

    /// The same with the edge values of ranges in the pools. Every default run makes
    /// nine munmap calls whose range ends exactly at 2^32 (for example seed 0's
    /// `munmap(0xFFFFF000, 2)`); each trapped in `LinuxProcess.munmap` on a 32-bit
    /// `address + length` before the memory calls took `GuestRange`s.
    @Test
    func randomSyscallsWithEdgeValuesStayInsideTheSandbox() throws {
        try fuzz(edges: true)
    }

    /// Runs the seeds; `edges` adds the edge values to the argument pools.
    func fuzz(edges: Bool) throws {
        let environment = ProcessInfo.processInfo.environment
        let seeds = Int(environment["EMU_FUZZ_SEEDS"] ?? "") ?? 24
        let calls = Int(environment["EMU_FUZZ_CALLS"] ?? "") ?? 3000
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.programs + "/bin/hello.elf"))))

        let root = NSTemporaryDirectory() + "emu-fuzz-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manager = FileManager.default
        for folder in ["m/d", "r", "t", "outside"] {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try "secret\n".write(toFile: root + "/outside/secret", atomically: false, encoding: .utf8)
        try "read only\n".write(toFile: root + "/r/data", atomically: false, encoding: .utf8)
        // A host-planted link out of the mount, to the directory that must stay untouched.
        try manager.createSymbolicLink(atPath: root + "/m/out", withDestinationPath: root + "/outside")
        let outsideBefore = Self.tree(root + "/outside"), readOnlyBefore = Self.tree(root + "/r")
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }

        var total = 0, restarts = 0
        for seed in 0..<seeds {
            var random = SplitMix64(seed: UInt64(seed) &* 0x1000_0001)
            var configuration = LinuxConfiguration(arguments: ["fuzz"])
            configuration.mounts = [
                Mount(hostPath: root + "/m", guestPath: "/m", readOnly: false),
                Mount(hostPath: root + "/r", guestPath: "/r", readOnly: true),
                Mount(hostPath: root + "/t", guestPath: "/t", readOnly: false),
            ]
            configuration.temporaryMounts = ["/tmp"]
            configuration.memoryLimit = Self.memory
            configuration.stackSize = 256 * 1024
            configuration.maxFileDescriptors = Self.maxFDs
            configuration.maxWriteBytes = Self.maxWrite
            configuration.deterministic = true
            configuration.seed = UInt64(seed)
            configuration.standardStreams = [null, null, null]
            // The fuzzer runs the shim inside the test process: a guest fork would fork the
            // test runner, and a guest may block for good in ways only --timeout's alarm
            // ends in emu proper (a read of its own empty pipe, an endless ppoll, a wait).
            // Those calls are covered by EndToEndProcessTests through the built emu.
            configuration.policy.denied = [.clone, .clone3, .execve, .execveat, .wait4, .waitid, .ppoll_time64,
                                           .pselect6_time64, .pipe2, .socketpair, .eventfd2, .recvfrom]
            var process = try LinuxProcess(elf: elf, configuration: configuration)
            var temporaries = process.temporaryDirectories.map(\.path)
            for _ in 0..<calls {
                if process.outcome != nil {
                    // exit, or kill(1, SIGKILL): a fresh process continues the run.
                    restarts += 1
                    process = try LinuxProcess(elf: elf, configuration: configuration)
                    temporaries += process.temporaryDirectories.map(\.path)
                }
                fuzzOne(process, &random, edges: edges)
                total += 1
                #expect(process.files.openCount <= Self.maxFDs)
                #expect(process.bytesWritten <= Self.maxWrite)
                #expect(process.programBreak >= process.heapStart && process.programBreak <= process.heapCeiling)
                #expect(process.mappings.allSatisfy { $0.start >= process.heapStart && $0.end <= process.stackBottom })
            }
            process = try LinuxProcess(elf: elf, configuration: LinuxConfiguration(arguments: ["done"]))
            // Released processes delete their --tmpfs directories.
            for path in temporaries { #expect(!manager.fileExists(atPath: path), "tmpfs \(path) left behind") }
            #expect(Self.tree(root + "/outside") == outsideBefore, "seed \(seed) touched a host file outside the mounts")
            #expect(Self.tree(root + "/r") == readOnlyBefore, "seed \(seed) wrote through the read-only mount")
            #expect(Self.diskBytes(root + "/m") + Self.diskBytes(root + "/t") <= 2 * (Self.maxWrite + 256 * 4096))
        }
        print("syscall fuzzer\(edges ? " (edge values)" : ""): \(seeds) seeds (0..<\(seeds)), \(total) calls, \(restarts) restarts after exit/kill")
    }

    /// Makes one random call.
    func fuzzOne(_ process: LinuxProcess, _ random: inout SplitMix64, edges: Bool) {
        let memory = process.machine.memory
        let stackTop = UInt32(truncatingIfNeeded: min(memory.end, 0xFFFF_F000)) - 4096
        // Guest strings for path arguments, rewritten each time (calls may overwrite them).
        let stringArea = stackTop - 16 * 1024
        var addresses: [UInt32] = []
        var cursor = stringArea
        for path in Self.paths {
            memory.write(Array(path.utf8) + [0], at: cursor)
            addresses.append(cursor)
            cursor += UInt32(path.utf8.count + 1)
        }
        let buffer = stringArea - 64 * 1024  // writable stack memory for out-pointers
        // The argument before this one: a length can then end its range exactly at 2^32.
        var previous: UInt32 = 0
        func argument() -> UInt32 {
            let value = edgeOrPlainArgument()
            previous = value
            return value
        }
        func edgeOrPlainArgument() -> UInt32 {
            switch random.below(edges ? 26 : 16) {
            // Edge values of ranges: the last page, lengths ending exactly at 2^32 (and one
            // byte past it), zero and maximal lengths, one past the arena.
            case 16: return 0xFFFF_F000
            case 17: return 0x1000
            case 18: return 0 &- previous  // [previous, 2^32)
            case 19: return 0 &- previous &+ 1  // one byte past 2^32
            case 20: return 0 &- (UInt32(random.below(0x1000)) << 12)  // a page count ending at 2^32
            case 21: return 0x8000_0000
            case 22: return 0xFFFF_FFFF &- UInt32(random.below(4))
            case 23: return UInt32(truncatingIfNeeded: memory.end)  // one past the arena (0 if 2^32)
            case 24: return UInt32(truncatingIfNeeded: memory.end) &- 4096
            case 25: return process.stackBottom &- UInt32(random.below(2)) * 4096
            case 0: return 0
            case 1: return UInt32(random.below(8))
            case 2: return UInt32(random.below(Self.maxFDs + 4))
            case 3: return 0xFFFF_FFFF
            case 4: return UInt32(bitPattern: -100)  // AT_FDCWD
            case 5, 6: return addresses[random.below(addresses.count)]
            case 7: return buffer + UInt32(random.below(32 * 1024))
            case 8: return UInt32(truncatingIfNeeded: memory.end - 1)  // the arena's last byte
            case 9: return process.heapStart + UInt32(random.below(1 << 20))  // maybe unmapped
            case 10: return 0x7FFF_FFFF
            case 11: return UInt32(random.below(1 << 16))
            case 12: return UInt32(random.below(0x1000)) << 12
            case 13: return [0o100, 0o1101, 0o2, 0o200000, 0x400, 0x200, 0x20, 0x22, 0x12][random.below(9)]
            default: return UInt32(truncatingIfNeeded: random.next())
            }
        }
        let number: UInt32
        switch random.below(10) {
        case 0: number = UInt32(random.below(512))
        case 1: number = UInt32(truncatingIfNeeded: random.next())
        default:
            // Real calls, but exit rarely so that most of a run is one process.
            var call = LinuxSyscall.allCases[random.below(LinuxSyscall.allCases.count)]
            if call == .exit || call == .exit_group, random.below(8) != 0 { call = .getpid }
            number = call.rawValue
        }
        let hart = process.machine.hart
        hart[17] = number
        for register in 10...15 { hart[register] = argument() }
        let pc = hart.pc
        process.handle(.trap(Trap(.environmentCallFromU, value: 0, pc: pc)))
        hart.pc = pc  // stay on the same (notional) ecall
    }

    /// Every entry below `path` with its type, size, mode, mtime and contents.
    static func tree(_ path: String) -> [String: String] {
        var result: [String: String] = [:]
        guard let names = FileManager.default.enumerator(atPath: path) else { return result }
        for case let name as String in names {
            var status = stat()
            guard lstat(path + "/" + name, &status) == 0 else { continue }
            let data = status.st_mode & S_IFMT == S_IFREG ? FileManager.default.contents(atPath: path + "/" + name) : nil
            result[name] = "\(status.st_mode) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) "
                + (data?.base64EncodedString() ?? "")
        }
        return result
    }

    /// Bytes of disk the files below `path` use (each inode once).
    static func diskBytes(_ path: String) -> UInt64 {
        var seen = Set<UInt64>(), total: UInt64 = 0
        guard let names = FileManager.default.enumerator(atPath: path) else { return 0 }
        for case let name as String in names {
            var status = stat()
            guard lstat(path + "/" + name, &status) == 0, seen.insert(UInt64(status.st_ino)).inserted else { continue }
            total += UInt64(status.st_blocks) * 512
        }
        return total
    }
}
