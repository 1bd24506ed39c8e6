/// Help texts, laid out as swift-argument-parser lays them out.
enum Usage {
    static let main = """
        OVERVIEW: emu runs RISC-V RV32 programs on this host by interpreting every instruction.

        USAGE: emu <subcommand> [options]

        SUBCOMMANDS:
          run        Run a static RV32 Linux program (or a bare-metal test binary).
          disasm     List a program's instructions, objdump style.
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
          -w, --workdir DIR       The guest's working directory (default /).
          --max-insns N           Stop after N instructions (exit status 124).
          --timeout SECONDS       Stop after this much wall-clock time (exit status 124).
          -m, --memory SIZE       Guest memory limit, e.g. 64M (default 256M).
          --max-fds N             Most open files the guest may hold (default 1024).
          --max-write BYTES       Most bytes the guest may write in total (then EFBIG).
          --isa ISA               Restrict to a subset, e.g. rv32i, rv32im, rv32imac.
          --hostname NAME         What uname() reports (default emu).
          -u, --user UID[:GID]    The guest's user and group ids (default 0:0).
          --deterministic         Time and randomness derived from the instruction count
                                  and --seed, so runs repeat exactly.
          --seed N                Seed for --deterministic randomness.
          --deny-syscall NAME     Deny a system call (EPERM, or see --deny-action).
          --allow-syscall NAME    Allow a system call the default policy denies.
          --deny-action ACTION    errno (default) or kill (exit status 159, SIGSYS).
          --strace                Print each system call and its result to stderr.
          --trace                 Print each instruction to stderr.
          --stats                 Print instructions retired, time and MIPS to stderr.
          -h, --help              Show this help.

        EXIT STATUS:
          The guest's own status; 124 a limit stopped it; 125 emu failed (bad options);
          126 the program cannot be run; 127 the program was not found; 128+N the guest
          was killed by signal N (132 illegal instruction, 135 bus error, 139 segfault).

        """

    static let disasm = """
        OVERVIEW: List a program's executable segments with symbols, in objdump's syntax.

        USAGE: emu disasm <program>

        """
}
