import Emu
import Glibc

/// `emu fuzz` (hidden; `scripts/fuzz` drives it): differential testing against
/// qemu-riscv32. Each seed gives a random program (``ProgramGenerator``) that runs
/// in-process under emu and as a child process under qemu-riscv32; their standard output
/// and exit status must be equal. The first mismatch is shrunk (``ProgramShrinker``) and
/// printed as a listing, and the command exits 1.
enum FuzzCommand {
    static let usage = """
        USAGE: emu fuzz [--seeds N] [--start S] [--length ITEMS] [--qemu PATH]
                        [--no-compressed] [--no-atomics] [--no-multiply] [--bitmanip] [--float] [--show] [--emit FILE]

          --seeds N        Programs to run (default 1000), seeds S, S+1, ...
          --start S        First seed (default 0).
          --length ITEMS   Items per program body (default 60).
          --qemu PATH      The reference emulator (default: qemu-riscv32 on PATH).
          --bitmanip       Also generate Zba/Zbb/Zbc/Zbs instructions.
          --float          Also generate F and D instructions (f0-f31 and fcsr are compared too).
          --show           Print the listing of seed S and stop (no qemu needed).
          --emit FILE      Write seed S's program as an ELF file and stop.

        """

    static func main(_ arguments: [String]) -> Int32 {
        var seeds: UInt64 = 1000
        var start: UInt64 = 0
        var options = ProgramGenerator.Options()
        var qemu: String?
        var show = false
        var emit: String?
        var index = 0
        func value() -> String? {
            index += 1
            return index < arguments.count ? arguments[index] : nil
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--seeds": guard let n = value().flatMap({ UInt64($0) }) else { return bad("--seeds needs a number") }; seeds = n
            case "--start": guard let n = value().flatMap({ UInt64($0) }) else { return bad("--start needs a number") }; start = n
            case "--length":
                guard let n = value().flatMap({ Int($0) }), (1...10_000).contains(n) else { return bad("--length needs 1...10000") }
                options.length = n
            case "--qemu": guard let path = value() else { return bad("--qemu needs a path") }; qemu = path
            case "--no-compressed": options.compressed = false
            case "--no-atomics": options.atomics = false
            case "--no-multiply": options.multiply = false
            case "--bitmanip": options.bitManip = true
            case "--float": options.floatingPoint = true
            case "--show": show = true
            case "--emit": guard let path = value() else { return bad("--emit needs a file") }; emit = path
            case "-h", "--help": Console.output(usage); return 0
            default: return bad("unknown option '\(arguments[index])'")
            }
            index += 1
        }
        let generator = ProgramGenerator(options: options)
        if let emit {
            guard let bytes = try? generator.program(seed: start).elf() else { return 1 }
            let fd = open(emit, O_WRONLY | O_CREAT | O_TRUNC, 0o755)
            let written = fd < 0 ? -1 : bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if fd >= 0 { close(fd) }
            guard written == bytes.count else {
                Console.error("Error: cannot write \(emit) (errno \(errno))\n")
                return 1
            }
            return 0
        }
        if show {
            do { Console.output(try generator.program(seed: start).listing()) } catch {
                Console.error("Error: \(error)\n")
                return 1
            }
            return 0
        }
        guard let reference = qemu ?? findOnPath("qemu-riscv32") else {
            Console.error("Error: qemu-riscv32 is not on PATH; install qemu-user or pass --qemu PATH\n")
            return ExitStatus.usage
        }

        var instructions: UInt64 = 0
        var bodyInstructions = 0
        var abnormal = 0
        for seed in start..<(start &+ seeds) {
            let program = generator.program(seed: seed)
            guard let (emu, other) = compare(program, reference: reference) else { return 1 }
            instructions &+= emu.instructions ?? 0
            bodyInstructions += program.bodyInstructionCount
            if emu.status != 0 || emu.output.count != GeneratedProgram.outputSize { abnormal += 1 }
            if emu != other {
                Console.output("MISMATCH at seed \(seed): emu status \(emu.status), \(reference) status \(other.status)\n")
                Console.output(describe(emu, other))
                let small = ProgramShrinker.shrink(program) { candidate in
                    guard let (left, right) = compare(candidate, reference: reference) else { return false }
                    return left != right
                }
                Console.output("Shrunk to \(small.items.count) items (\(small.bodyInstructionCount) instructions):\n")
                if let (left, right) = compare(small, reference: reference) { Console.output(describe(left, right)) }
                Console.output((try? small.listing()) ?? "(cannot list)\n")
                return 1
            }
            if (seed - start + 1) % 1000 == 0 {
                Console.error("... \(seed - start + 1) seeds, \(instructions) instructions\n")
            }
        }
        Console.output(
            "\(seeds) seeds (\(start)..<\(start &+ seeds)), \(bodyInstructions) generated instructions, "
                + "\(instructions) instructions retired under emu (\(abnormal) programs ended abnormally on both): "
                + "no mismatch against \(reference)\n")
        return 0
    }

    private static func bad(_ message: String) -> Int32 {
        Console.error("Error: \(message)\n\n" + usage)
        return ExitStatus.usage
    }

    /// Runs a program under emu and the reference; nil (after a message) if it cannot.
    private static func compare(_ program: GeneratedProgram, reference: String) -> (GuestOutput, GuestOutput)? {
        let elf: [UInt8]
        do { elf = try program.elf() } catch {
            Console.error("Error: seed \(program.seed): \(error)\n")
            return nil
        }
        let emu = GuestOutput.run(elf: elf)
        guard let other = runReference(reference, elf: elf) else { return nil }
        return (emu, other)
    }

    /// Where the two runs differ: registers by name, then the first differing scratch byte.
    private static func describe(_ emu: GuestOutput, _ other: GuestOutput) -> String {
        var text = ""
        let count = min(emu.output.count, other.output.count)
        if emu.output.count != other.output.count {
            text += "  output length: emu \(emu.output.count), reference \(other.output.count)\n"
        }
        func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
        }
        if count >= 128 {
            for register in 0..<32 where word(emu.output, register * 4) != word(other.output, register * 4) {
                text += "  x\(register): emu \(Format.hex(word(emu.output, register * 4), width: 8)), reference \(Format.hex(word(other.output, register * 4), width: 8))\n"
            }
        }
        if let first = (128..<max(128, count)).first(where: { emu.output[$0] != other.output[$0] }) {
            let address = GeneratedProgram.dumpBase &+ UInt32(first)
            text += "  memory at \(Format.hex(address, width: 8)): emu \(emu.output[first]), reference \(other.output[first])\n"
        }
        return text
    }

    /// Runs `executable elf-file` with its standard output captured in memory.
    private static func runReference(_ executable: String, elf: [UInt8]) -> GuestOutput? {
        var template = Array("/tmp/emu-fuzz-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            Console.error("Error: cannot create a temporary file in /tmp (errno \(errno))\n")
            return nil
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }  // mkstemp filled it in, NUL-terminated
        defer { unlink(path) }
        let written = elf.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        fchmod(fd, 0o700)
        close(fd)
        guard written == elf.count, let capture = try? OutputCapture() else {
            Console.error("Error: cannot write \(path)\n")
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, capture.fd, 1)
        // qemu reports a guest's fatal signal on stderr ("qemu: uncaught target signal");
        // only the guest's standard output and status are compared.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), strdup(path), nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            Console.error("Error: cannot run \(executable) (errno \(spawned))\n")
            return nil
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        // WIFSIGNALED / WEXITSTATUS, spelled out: Glibc's macros are not imported.
        let signal = status & 0x7F
        let exitStatus = signal != 0 ? 128 + signal : (status >> 8) & 0xFF
        return GuestOutput(output: capture.drain(), status: exitStatus)
    }

    private static func findOnPath(_ tool: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(tool)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
