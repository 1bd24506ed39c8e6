import Emu
import Glibc

/// Dispatches `emu SUBCOMMAND ...` and maps failures to exit statuses.
enum EmuCommand {
    static let version = "0.1.0"

    /// Runs the command line (without the program name) and returns the exit status.
    static func main(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            Console.error(Usage.main)
            return ExitStatus.usage
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "run": return RunCommand.main(rest)
        case "disasm": return DisasmCommand.main(rest)
        case "debug": return DebugCommand.main(rest)
        case "test": return TestCommand.main(rest)
        // Hidden from the help: a developer tool behind scripts/fuzz.
        case "fuzz": return FuzzCommand.main(rest)
        case "--version", "-V", "version":
            Console.output("emu \(version)\nISA: \(ISASet.all) (user mode: Linux riscv32 syscalls; machine mode: bare-metal tests)\n")
            return 0
        case "--help", "-h", "help":
            Console.output(Usage.main)
            return 0
        default:
            Console.error("Error: unknown subcommand '\(first)'\n\n" + Usage.main)
            return ExitStatus.usage
        }
    }
}

/// emu's own exit statuses, following `docker run`.
enum ExitStatus {
    /// emu itself failed (bad options).
    static let usage: Int32 = 125
    /// The program cannot be run (not an ELF, wrong machine, malformed).
    static let cannotRun: Int32 = 126
    /// The program file does not exist.
    static let notFound: Int32 = 127
}

/// Writing to the host's standard streams.
enum Console {
    static func output(_ text: String) { write(1, text) }
    static func error(_ text: String) { write(2, text) }

    static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
