import Emu

/// The declarations of `emu run`'s options. Each option is declared here once, with its help
/// text; the parser and `emu run --help` are both made from these lists (see
/// ``CommandInterface``), and `emu debug` takes the ``guest`` options as they are.
enum RunOptions {
    static let help = OptionDeclaration(["-h", "--help"], help: "Show this help.")

    /// The options that shape the guest process: `emu run` and `emu debug` share them.
    static let guest: [OptionDeclaration] = [
        .init(["-e", "--env"], value: "NAME=VALUE",
              help: "Add a variable to the guest's environment (the host's environment is never passed on)."),
        .init(["-v", "--volume"], value: "HOST:GUEST[:ro]",
              help: "Show host directory HOST at guest path GUEST (read-only with :ro). Nothing else of the host is visible."),
        .init(["--tmpfs"], value: "GUEST",
              help: "A private, empty, writable directory at GUEST: a fresh host directory (mkdtemp in $XDG_RUNTIME_DIR, else /tmp), deleted when the guest ends; --max-write bounds it."),
        .init(["-w", "--workdir"], value: "DIR", help: "The guest's working directory (default /)."),
        .init(["--max-insns"], value: "N", help: "Stop after N instructions (exit status 124)."),
        .init(["--timeout"], value: "SECONDS", help: "Stop after this much wall-clock time (exit status 124)."),
        .init(["-m", "--memory"], value: "SIZE",
              help: "Guest memory limit, e.g. 64M (default 256M). emu's own peak RSS stays below SIZE + 64 MiB (the decoded-instruction cache, filled per code page as it runs) + the program file's segments + about 5 MiB."),
        .init(["--max-fds"], value: "N", help: "Most open files the guest may hold (default 1024)."),
        .init(["--pids-limit"], value: "N",
              help: "Most guest processes in the tree at once, zombies included (default 1024); a fork beyond it fails with EAGAIN."),
        .init(["--max-write"], value: "BYTES",
              help: "Most bytes the guest may write in total, counting file growth such as a sparse pwrite (then EFBIG)."),
        .init(["--max-files"], value: "N",
              help: "Most files, directories and links the guest may have created at once (default 10000; then ENOSPC)."),
        .init(["--isa"], value: "ISA", help: "The extensions the hart has, as an ISA string: rv32i, rv32imac, rv32gc_zbb, ... (default \(ISASet.all))."),
        .init(["--hostname"], value: "NAME", help: "What uname() reports (default emu)."),
        .init(["-u", "--user"], value: "UID[:GID]", help: "The guest's user and group ids (default 0:0)."),
        .init(["--deterministic"],
              help: "Time and randomness derived from the instruction count and --seed, so runs repeat exactly."),
        .init(["--seed"], value: "N", help: "Seed for --deterministic randomness."),
        .init(["--deny-syscall"], value: "NAME", help: "Deny a system call (EPERM, or see --deny-action)."),
        .init(["--allow-syscall"], value: "NAME",
              help: "Allow a system call the default policy denies (clone, clone3, execve, execveat, mount, umount2, pivot_root, chroot, unshare, reboot, bpf, clock_settime64, pidfd_open); it then gets emu's own answer."),
        .init(["--deny-action"], value: "ACTION", help: "errno (default) or kill (exit status 159, SIGSYS)."),
        .init(["--isolate"], value: "required",
              help: "The jail, on by default: emu itself runs unprivileged in new namespaces, in a root holding only the mounts, with no capabilities, seccomp, rlimits and (where writable) a cgroup v2 leaf. A step the kernel refuses is named once on stderr and skipped; --isolate=required exits 125 instead.",
              valueIsOptional: true),
        .init(["--no-isolate"], help: "Turn the jail off (implied by --gdb and --signature)."),
        .init(["--strace"],
              help: "Print each system call with its decoded arguments and result to stderr, as strace and qemu-riscv32 -strace do."),
        .init(["--strace-file"], value: "FILE", help: "Write the --strace lines to FILE instead (implies --strace)."),
    ]

    /// The options only `emu run` has.
    static let runOnly: [OptionDeclaration] = [
        .init(["--trace"],
              help: "Print each instruction to stderr: pc, bits, disassembly, the register written and the address and value of each load and store."),
        .init(["--trace-file"], value: "FILE", help: "Write the --trace lines to FILE instead (implies --trace)."),
        .init(["--trace-filter"], value: "START-END|SYMBOL",
              help: "Trace only instructions at addresses in [START, END) (hex) or inside function SYMBOL; repeatable (implies --trace)."),
        .init(["--stats"], help: "Print instructions retired, time and MIPS to stderr."),
        .init(["--report"], value: "FILE", help: "Write how the run ended as one JSON object (see the README)."),
        .init(["--signature"], value: "FILE",
              help: "For a bare-metal test binary: write memory from begin_signature to end_signature to FILE (RISCOF format)."),
        .init(["--gdb"], value: "PORT", help: "Wait for gdb on 127.0.0.1:PORT and run under its control."),
        .init(["--record"], value: "FILE",
              help: "Record the run's inputs from the host (system call results, signals, output) to FILE, for --replay and 'emu debug --replay' (see the README's Recording files)."),
        .init(["--replay"], value: "FILE",
              help: "Replay a recording made with --record (the program is the recorded path unless given): same instructions and output, no system call made again; 123 if the run diverges, 126 if FILE is not a valid recording."),
    ]

    static let all: [OptionDeclaration] = guest + runOnly + [help]
}

/// The interfaces of the subcommands: the source of their help and their parsers.
enum Interfaces {
    static let exitStatusOfRun = """
        The guest's own status; 123 a --replay diverged from its recording; 124 a limit
        stopped it; 125 emu failed (bad options);
        126 the program cannot be run; 127 the program was not found; 128+N the guest
        was killed by signal N (132 illegal instruction, 135 bus error, 139 segfault).
        """

    static let run = CommandInterface(
        name: "run",
        overview: "Run a static RV32 Linux ELF program, as qemu-riscv32 does.",
        usage: "emu run [options] <program> [<args> ...]",
        arguments: [
            ("<program>", "The RV32 ELF executable."),
            ("<args>", "Arguments passed to the guest (after the program)."),
        ],
        options: RunOptions.all,
        sections: [
            ("FILES", """
                The guest sees only what -v and --tmpfs give it: by default nothing is
                writable. When a guest's write or create fails for that reason, emu says
                so once on stderr. For a scratch directory: emu run --tmpfs /w -w /w PROGRAM
                """),
            ("EXIT STATUS", exitStatusOfRun),
        ])

    static let debugOwn: [OptionDeclaration] = [
        .init(["--batch"], value: "FILE",
              help: "Run the commands in FILE without the UI and print each stop (commands on a standard input that is not a terminal do the same)."),
        .init(["--gdb"], value: "PORT",
              help: "Serve the GDB remote protocol on 127.0.0.1:PORT instead (gdb-multiarch PROGRAM -ex 'target remote :PORT')."),
        .init(["--screen"], value: "ROWSxCOLS",
              help: "With batch commands: print the UI's screen as text at the end (for tests and documentation)."),
        .init(["--stdin"], value: "FILE",
              help: "The guest's standard input is FILE (default: in the UI, what is typed in its input mode; in batch mode, the 'input TEXT' and 'eof' commands; with --batch FILE, emu's own standard input)."),
        .init(["--replay"], value: "FILE",
              help: "Debug a recording made with 'emu run --record FILE' (the program is the recorded path unless given): the recorded run's system calls are answered from FILE."),
        .init(["--history"], value: "SIZE",
              help: "Memory for reverse-execution checkpoints, e.g. 64M (default 256M); beyond it checkpoints are thinned (the whole run stays reachable, replays get longer)."),
    ]

    static let debug = CommandInterface(
        name: "debug",
        overview: "Debug a static RV32 Linux program: step, next, finish, breakpoints, write watchpoints, and reverse execution (reverse step and reverse continue).",
        usage: "emu debug [options] <program> [<args> ...]",
        discussion: "On a terminal, opens a full-screen UI (? shows its commands). Otherwise (or with --batch) reads commands, one per line, and prints each stop. The options that shape the guest are those of 'emu run'.",
        options: debugOwn + RunOptions.guest + [RunOptions.help],
        sections: [
            ("COMMANDS", DebuggerCommands.helpText.hasSuffix("\n") ? String(DebuggerCommands.helpText.dropLast()) : DebuggerCommands.helpText),
            ("SOURCE LEVEL", DebuggerCommands.sourceHelpText + """

                The source files are looked for at the line table's paths, relative to the current
                directory, then to the program's folder and each folder above it.
                """),
            ("EXIT STATUS", """
                The guest's own status if it ended, else 0; 125 bad options; 126 the program
                cannot be run; 127 the program was not found.
                """),
        ])

    static let disasm = CommandInterface(
        name: "disasm",
        overview: "List a program's executable sections with symbols, as riscv64-unknown-elf-objdump -d lists them (same file, line for line).",
        usage: "emu disasm [options] <program>",
        arguments: [("<program>", "The RV32 ELF file.")],
        options: [
            .init(["--start-address"], value: "ADDRESS", help: "Start listing at ADDRESS (hex with 0x, or decimal), as objdump's option."),
            .init(["--stop-address"], value: "ADDRESS", help: "Stop listing before ADDRESS, as objdump's option."),
            RunOptions.help,
        ],
        sections: [("EXIT STATUS", "0; 125 bad options; 126 not an RV32 ELF file; 127 the file was not found.")])

    static let test = CommandInterface(
        name: "test",
        overview: "Run bare-metal RISC-V test binaries (riscv-tests \"p\" environment, or any binary that reports through the HTIF 'tohost' symbol) in machine mode.",
        usage: "emu test [options] <file> ...",
        arguments: [("<file>", "A test ELF with a 'tohost' symbol. Writing 1 to tohost passes; an odd value N fails test N >> 1.")],
        options: [
            .init(["--max-insns"], value: "N",
                  help: "Fail a test that has not written tohost after N instructions (default 1000000)."),
            .init(["--isa"], value: "ISA", help: "The extensions the hart has, as an ISA string: rv32i, rv32imac, rv32gc_zbb, ... (default \(ISASet.all))."),
            .init(["--signature"], value: "FILE",
                  help: "Write memory from begin_signature to end_signature to FILE, one 8-hex-digit word per line (RISCOF format); written also when the test fails. One binary only."),
            .init(["--timeout"], value: "SECONDS", help: "Fail a test that has not written tohost after this much wall-clock time."),
            .init(["--json"], help: "Print the results as one JSON object instead of text lines."),
            .init(["--junit"], value: "FILE", help: "Also write the results to FILE as JUnit XML."),
            .init(["-j", "--jobs"], value: "N",
                  help: "Run N binaries at a time, each in a worker process (default 1; 0: one per online core). Output is the same, in input order."),
        ] + RunOptions.runOnly.filter { ["--trace", "--trace-file", "--trace-filter", "--stats"].contains($0.key) } + [
            RunOptions.help,
        ],
        sections: [
            ("OUTPUT", "One line per binary, in order (its path, PASS, FAIL and why, or ERROR when it cannot\nrun; instructions retired), then 'N passed, N failed'. A failure names the test\nnumber (tohost = N << 1 | 1); tohost with all bits of 1337 set is the riscv-tests\nunexpected-trap report, shown with mcause (and its name), mepc and mtval."),
            ("EXIT STATUS", "0 when every binary passed, 1 when any failed; 125 bad options."),
        ])

    /// The subcommands `emu help NAME` knows, in the order the main help lists them.
    static let subcommands: [(interface: CommandInterface, summary: String)] = [
        (run, "Run a static RV32 Linux program (or a bare-metal test binary)."),
        (disasm, "List a program's instructions, as objdump -d does."),
        (debug, "Debug a program: terminal UI, batch commands, or a GDB server."),
        (test, "Run bare-metal test binaries (riscv-tests, HTIF tohost)."),
    ]

    /// `emu --help`.
    static var main: String {
        var text = """
            OVERVIEW: emu runs RISC-V RV32 programs on this host by interpreting every instruction.

            USAGE: emu <subcommand> [options]

            SUBCOMMANDS:

            """
        for (interface, summary) in subcommands {
            text += "  " + interface.name + String(repeating: " ", count: 11 - interface.name.count) + summary + "\n"
        }
        text += """
              help NAME  Show a subcommand's help (same as 'emu NAME --help').
              --version  Print the version and the instruction set emu implements.

            """
        return text + "\n"
    }

    /// Bare `emu`: the usage line and where to look next.
    static let short = """
        USAGE: emu <subcommand> [options]
        Subcommands: run, disasm, debug, test, help. See 'emu --help'.

        """
}
