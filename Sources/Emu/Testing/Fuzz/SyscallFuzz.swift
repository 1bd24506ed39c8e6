import Glibc

/// The system-call layer on calls chosen by the input: a fresh `LinuxProcess` per input
/// over a read-write mount `/m`, a read-only mount `/r`, a second read-write mount `/t` and
/// a `--tmpfs /tmp`, all in a new host directory beside a directory `outside` that no
/// call may reach (`/m/out` is a host-planted link to it). Each call is a number (mostly
/// real riscv32 calls) and six arguments from hostile pools (see ``argument(_:_:)``).
/// After every call the descriptor, write and memory limits must hold; after the run the
/// outside and read-only files must be as they were. No call may trap.
public enum SyscallFuzz {
    static let maxWrite: UInt64 = 64 * 1024
    static let maxFileDescriptors = 16
    static let memory: UInt64 = 2 << 20
    /// Calls one input may make: enough for open-then-use sequences, few enough to stay fast.
    static let maxCalls = 48

    static let paths = [
        "/m/a", "/m/b", "/m/d", "/m/d/e", "/m/link", "/m/../../outside/secret", "/m/out/secret", "/", "/m", "/r/data",
        "/r/x", "/t/y", "/tmp/z", "..", ".", "", "/dev/null", "/dev/zero", "/proc/self/mem", "/etc/passwd",
        "/m/" + String(repeating: "n", count: 300), String(repeating: "../", count: 40) + "etc",
    ]

    /// A process over a fresh copy of the file tree, in a new host directory.
    final class World {
        let root: TemporaryDirectory
        let process: LinuxProcess
        let null: Int32

        init?() {
            guard let root = try? TemporaryDirectory() else { return nil }
            self.root = root
            for folder in ["m", "m/d", "r", "t", "outside"] { mkdir(root.path + "/" + folder, 0o755) }
            SyscallFuzz.writeFile(root.path + "/outside/secret", "secret\n")
            SyscallFuzz.writeFile(root.path + "/r/data", "read only\n")
            symlink(root.path + "/outside", root.path + "/m/out")
            null = open("/dev/null", O_RDWR | O_CLOEXEC)
            var configuration = LinuxConfiguration(arguments: ["fuzz"])
            configuration.mounts = [
                Mount(hostPath: root.path + "/m", guestPath: "/m", readOnly: false),
                Mount(hostPath: root.path + "/r", guestPath: "/r", readOnly: true),
                Mount(hostPath: root.path + "/t", guestPath: "/t", readOnly: false),
            ]
            configuration.temporaryMounts = ["/tmp"]
            configuration.memoryLimit = SyscallFuzz.memory
            configuration.stackSize = 128 * 1024
            configuration.maxFileDescriptors = SyscallFuzz.maxFileDescriptors
            configuration.maxWriteBytes = SyscallFuzz.maxWrite
            configuration.deterministic = true
            configuration.standardStreams = [null, null, null]
            guard let process = try? LinuxProcess(elf: SyscallFuzz.elf, configuration: configuration) else {
                close(null)
                return nil
            }
            self.process = process
        }

        deinit { close(null) }
    }

    /// One `ecall` at 0x10000: the process only needs a valid image; the harness sets the
    /// registers and calls the shim directly.
    static let elf: ELFFile = {
        let code: [UInt8] = [0x73, 0, 0, 0]
        let writer = ELFWriter(entry: 0x1_0000, segments: [.init(vaddr: 0x1_0000, bytes: code, permissions: [.read, .execute])])
        // The writer's output is a valid ELF by construction (ELFWriterTests).
        return try! ELFFile(bytes: writer.write())
    }()

    /// Runs the calls `bytes` describes.
    public static func run(_ bytes: [UInt8]) -> [FuzzFailure] {
        guard let world = World() else { return [FuzzFailure("cannot set up the file tree")] }
        let outside = world.root.path + "/outside", readOnly = world.root.path + "/r"
        let outsideBefore = snapshot(outside), readOnlyBefore = snapshot(readOnly)
        var failures: [FuzzFailure] = []
        var input = FuzzInput(bytes)
        let process = world.process
        var calls = 0
        while !input.isEmpty, calls < maxCalls, process.outcome == nil {
            let description = call(process, &input)
            calls += 1
            if process.files.openCount > maxFileDescriptors {
                failures.append(FuzzFailure("\(description): \(process.files.openCount) descriptors open"))
            }
            if process.bytesWritten > maxWrite {
                failures.append(FuzzFailure("\(description): \(process.bytesWritten) bytes written"))
            }
            if process.programBreak < process.heapStart || process.programBreak > process.heapCeiling {
                failures.append(FuzzFailure("\(description): break \(process.programBreak) outside the heap"))
            }
            if !process.mappings.allSatisfy({ $0.start >= process.heapStart && $0.end <= process.stackBottom }) {
                failures.append(FuzzFailure("\(description): a mapping outside heap..stack: \(process.mappings)"))
            }
            if !failures.isEmpty { break }
        }
        if snapshot(outside) != outsideBefore { failures.append(FuzzFailure("a host file outside the mounts changed")) }
        if snapshot(readOnly) != readOnlyBefore { failures.append(FuzzFailure("the read-only mount changed")) }
        return failures
    }

    /// Makes the next call; returns its text for failure messages.
    static func call(_ process: LinuxProcess, _ input: inout FuzzInput) -> String {
        let memory = process.machine.memory
        let stackTop = UInt32(truncatingIfNeeded: min(memory.end, 0xFFFF_F000)) - 4096
        // Path strings, rewritten before every call (calls may overwrite them).
        let stringArea = stackTop - 8 * 1024
        var addresses: [UInt32] = []
        var cursor = stringArea
        for path in paths {
            _ = memory.write(Array(path.utf8) + [0], at: cursor)
            addresses.append(cursor)
            cursor += UInt32(path.utf8.count + 1)
        }
        let buffer = stringArea - 32 * 1024
        let selector = input.byte()
        let number: UInt32
        if selector < 224 {
            number = LinuxSyscall.allCases[Int(selector) % LinuxSyscall.allCases.count].rawValue
        } else if selector < 240 {
            number = UInt32(input.byte()) | UInt32(input.byte() & 1) << 8
        } else {
            number = input.word()
        }
        let hart = process.machine.hart
        hart[17] = number
        for register in 10...15 {
            hart[register] = argument(&input, Pool(memory: memory, process: process, paths: addresses, buffer: buffer))
        }
        let text = "syscall \(number)(" + (10...15).map { "0x" + String(hart[$0], radix: 16) }.joined(separator: ", ") + ")"
        let pc = hart.pc
        process.handle(.trap(Trap(.environmentCallFromU, value: 0, pc: pc)))
        hart.pc = pc  // stay on the same notional ecall
        return text
    }

    /// The addresses an argument can point at.
    struct Pool {
        let memory: Memory
        let process: LinuxProcess
        let paths: [UInt32]
        let buffer: UInt32
    }

    /// One argument: small numbers, descriptors, flags, pointers to paths, to writable
    /// memory, to the arena's edges and beyond, and edge values of ranges (lengths that
    /// make a range end exactly at 2^32 or one past, zero, the maximum, `0xFFFFF000`).
    static func argument(_ input: inout FuzzInput, _ pool: Pool) -> UInt32 {
        let end = UInt32(truncatingIfNeeded: pool.memory.end)
        switch input.byte() % 24 {
        case 0: return 0
        case 1: return UInt32(input.byte() % 8)
        case 2: return UInt32(input.byte()) % UInt32(maxFileDescriptors + 4)
        case 3: return 0xFFFF_FFFF
        case 4: return UInt32(bitPattern: -100)  // AT_FDCWD
        case 5, 6: return input.pick(pool.paths)
        case 7: return pool.buffer + UInt32(input.byte()) * 64
        case 8: return end &- 1  // the arena's last byte
        case 9: return pool.process.heapStart + UInt32(input.byte()) << 12  // maybe mapped
        case 10: return 0x7FFF_FFFF
        case 11: return UInt32(input.byte()) | UInt32(input.byte()) << 8
        case 12: return UInt32(input.byte()) << 12
        case 13: return input.pick([0o100, 0o1101, 0o2, 0o200000, 0x400, 0x200, 0x20, 0x22, 0x12, 0o4000, 0o2000000])
        case 14: return 0xFFFF_F000  // the last page
        case 15: return 0x1000  // a page: with 0xFFFFF000 a range ending exactly at 2^32
        case 16: return 0x1001  // ... and one byte past it
        case 17: return 0x8000_0000
        case 18: return 0 &- (UInt32(input.byte()) << 12)  // a length that ends at 2^32 from a page
        case 19: return pool.process.programBreak
        case 20: return pool.process.stackBottom &- 4096
        case 21: return end
        default: return input.word()
        }
    }

    // MARK: - Host files

    static func writeFile(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The names, sizes, modes, modification times and first bytes of the entries of the
    /// directory `path` (one level: the fuzzer's host directories are flat).
    static func snapshot(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return ["cannot open"] }
        defer { closedir(directory) }
        var result: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            var status = stat()
            guard lstat(path + "/" + name, &status) == 0 else { continue }
            var head = [UInt8](repeating: 0, count: 64)
            var count = 0
            if status.st_mode & S_IFMT == S_IFREG {
                let fd = open(path + "/" + name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
                if fd >= 0 {
                    count = head.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                    close(fd)
                }
            }
            result.append("\(name) \(status.st_mode) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(head.prefix(max(count, 0)))")
        }
        return result.sorted()
    }
}
