import Emu
import Glibc

/// Dispatches `emu SUBCOMMAND ...` and maps failures to exit statuses.
enum EmuCommand {
    static let version = "0.1.0"

    /// Runs the command line (without the program name) and returns the exit status.
    static func main(_ arguments: [String]) -> Int32 {
        // Bare `emu`, as bare `docker`: the usage on stdout and success (nothing failed).
        guard let first = arguments.first else {
            Console.output(Interfaces.short)
            return 0
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
        case "--help", "-h":
            Console.output(Interfaces.main)
            return 0
        case "help": return help(rest)
        default:
            let names = Interfaces.subcommands.map(\.interface.name) + ["help", "--version", "--help"]
            let hint = Suggestion.closest(to: first, among: names).map { "; did you mean '\($0)'?" } ?? ""
            let what = first.hasPrefix("-") ? "unknown option" : "unknown subcommand"
            Console.error("Error: \(what) '\(first)'\(hint)\nSee 'emu --help'.\n")
            return ExitStatus.usage
        }
    }

    /// `emu help [SUBCOMMAND]`: the subcommand's help, as `emu SUBCOMMAND --help` prints it.
    static func help(_ arguments: [String]) -> Int32 {
        guard let name = arguments.first else {
            Console.output(Interfaces.main)
            return 0
        }
        guard arguments.count == 1, let entry = Interfaces.subcommands.first(where: { $0.interface.name == name }) else {
            let names = Interfaces.subcommands.map(\.interface.name)
            let hint = Suggestion.closest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
            Console.error("Error: 'emu help' takes one subcommand (\(names.joined(separator: ", "))), got '\(arguments.joined(separator: " "))'\(hint)\nSee 'emu --help'.\n")
            return ExitStatus.usage
        }
        Console.output(entry.interface.help)
        return 0
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
