/// Help texts, laid out as swift-argument-parser lays them out.
enum Usage {
    static let main = """
        OVERVIEW: emu runs RISC-V RV32 programs on this host by interpreting every instruction.

        USAGE: emu <subcommand> [options]

        SUBCOMMANDS:
          run        Run a static RV32 Linux program (or a bare-metal test binary).
          disasm     List a program's instructions, objdump style.
          debug      Debug a program: terminal UI, batch commands, or a GDB server.
          test       Run bare-metal test binaries (riscv-tests, HTIF tohost).
          --version  Print the version and the instruction set emu implements.

          See 'emu <subcommand> --help' for each subcommand's options.

        """

    static let run = """
        OVERVIEW: Run a static RV32 Linux ELF program, as qemu-riscv32 does.

        USAGE: emu run [options] <program> [<args> ...]

        ARGUMENTS:
          <program>               The RV32 ELF executable.
          <args>                  Arguments passed to the guest (after the program).

        OPTIONS:
          -e, --env NAME=VALUE    Add a variable to the guest's environment (the host's
                                  environment is never passed on).
          -v, --volume HOST:GUEST[:ro]
                                  Show host directory HOST at guest path GUEST (read-only
                                  with :ro). Nothing else of the host is visible.
          --tmpfs GUEST           A private, empty, writable directory at GUEST: a fresh
                                  host directory (mkdtemp in $XDG_RUNTIME_DIR, else /tmp),
                                  deleted when the guest ends; --max-write bounds it.
          -w, --workdir DIR       The guest's working directory (default /).
          --max-insns N           Stop after N instructions (exit status 124).
          --timeout SECONDS       Stop after this much wall-clock time (exit status 124).
          -m, --memory SIZE       Guest memory limit, e.g. 64M (default 256M).
          --max-fds N             Most open files the guest may hold (default 1024).
          --pids-limit N          Most guest processes in the tree at once (default 1024);
                                  a fork beyond it fails with EAGAIN.
          --max-write BYTES       Most bytes the guest may write in total (then EFBIG).
          --isa ISA               Restrict to a subset, e.g. rv32i, rv32im, rv32imac.
          --hostname NAME         What uname() reports (default emu).
          -u, --user UID[:GID]    The guest's user and group ids (default 0:0).
          --deterministic         Time and randomness derived from the instruction count
                                  and --seed, so runs repeat exactly.
          --seed N                Seed for --deterministic randomness.
          --deny-syscall NAME     Deny a system call (EPERM, or see --deny-action).
          --allow-syscall NAME    Allow a system call the default policy denies (clone,
                                  clone3, execve, execveat, mount, umount2, pivot_root,
                                  chroot, unshare, reboot, bpf, clock_settime64,
                                  pidfd_open); it then gets emu's own answer.
          --deny-action ACTION    errno (default) or kill (exit status 159, SIGSYS).
          --isolate               Also confine emu itself: new user, mount, pid, net, uts
                                  and ipc namespaces, rlimits from the limits above and a
                                  seccomp allow-list; exit status 125 if the kernel refuses.
          --strace                Print each system call and its result to stderr.
          --trace                 Print each instruction to stderr.
          --stats                 Print instructions retired, time and MIPS to stderr.
          --gdb PORT              Wait for gdb on 127.0.0.1:PORT and run under its control.
          -h, --help              Show this help.

        EXIT STATUS:
          The guest's own status; 124 a limit stopped it; 125 emu failed (bad options);
          126 the program cannot be run; 127 the program was not found; 128+N the guest
          was killed by signal N (132 illegal instruction, 135 bus error, 139 segfault).

        """

    static let debug = """
        OVERVIEW: Debug a static RV32 Linux program: step, next, finish, breakpoints, write
        watchpoints, and reverse execution (reverse step and reverse continue).

        USAGE: emu debug [options] <program> [<args> ...]

        On a terminal, opens a full-screen UI (? shows its commands). Otherwise (or with
        --batch) reads commands, one per line, and prints each stop.

        OPTIONS:
          --batch FILE            Run the commands in FILE without the UI and print each
                                  stop (commands on a standard input that is not a
                                  terminal do the same).
          --gdb PORT              Serve the GDB remote protocol on 127.0.0.1:PORT instead
                                  (gdb-multiarch PROGRAM -ex 'target remote :PORT').
          --screen ROWSxCOLS      With batch commands: print the UI's screen as text at
                                  the end (for tests and documentation).
          --history SIZE          Memory for the reverse-execution log, e.g. 64M (default
                                  256M); the oldest instructions are forgotten beyond it.
          The options of 'emu run' (-e, -v, -w, --memory, --isa, --deterministic, ...)
          shape the guest the same way.
          -h, --help              Show this help.

        COMMANDS:
        \(DebuggerCommands.helpText.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

        EXIT STATUS:
          The guest's own status if it ended, else 0; 125 bad options; 126 the program
          cannot be run; 127 the program was not found.

        """

    static let disasm = """
        OVERVIEW: List a program's executable segments with symbols, in objdump's syntax.

        USAGE: emu disasm <program>

        """

    static let test = """
        OVERVIEW: Run bare-metal RISC-V test binaries (riscv-tests "p" environment, or any
        binary that reports through the HTIF 'tohost' symbol) in machine mode.

        USAGE: emu test [options] <file> ...

        ARGUMENTS:
          <file>                  A test ELF with a 'tohost' symbol. Writing 1 to tohost
                                  passes; an odd value N fails test N >> 1.

        OPTIONS:
          --max-insns N           Fail a test that has not written tohost after N
                                  instructions (default 1000000).
          --isa ISA               Restrict to a subset, e.g. rv32i, rv32im, rv32imac.
          --signature FILE        Write memory from begin_signature to end_signature to
                                  FILE, one 8-hex-digit word per line (RISCOF format);
                                  written also when the test fails. One binary only.
          -h, --help              Show this help.

        OUTPUT:
          One line per binary (name, PASS or FAIL, the failing test number, instructions
          retired), then 'N passed, N failed'.

        EXIT STATUS:
          0 when every binary passed, 1 when any failed; 125 bad options.

        """
}
