import Emu
import Glibc

/// The host-side parts of `emu run`'s sandbox that belong to the emu process as a whole:
/// the jail (`--isolate`, on by default) and the `--timeout` alarm.
enum SandboxLaunch {
    /// What the jail did in this process, for the one stderr line and for `--report`.
    struct State {
        var mode: Isolation.Mode = .off
        /// Whether this process runs the guest inside the jail's namespaces.
        var jailed = false
        /// Whether seccomp also refuses working-directory-relative path calls.
        var restrictPaths = false
        var refused: [Isolation.Refusal] = []
    }

    // Why nonisolated(unsafe): set on the main thread before the guest runs and read after
    // it ends; emu runs one guest per process and no other thread touches it.
    nonisolated(unsafe) static var state = State()

    /// The isolation a command line asks for: `--no-isolate`, `--isolate`,
    /// `--isolate=required`; the default is `preferred`. `--gdb` (which serves a TCP port)
    /// and `--signature` (which writes a host file) run outside the jail unless it is
    /// required, which they cannot be.
    static func mode(_ parsed: OptionParser.Parsed) throws(OptionParser.Failure) -> Isolation.Mode {
        let values = parsed.all("--isolate")
        var mode = Isolation.Mode.preferred
        for value in values {
            switch value {
            case "", "preferred": mode = .preferred
            case "required": mode = .required
            default: throw OptionParser.Failure(message: "--isolate takes no value or =required, got '\(value)'")
            }
        }
        if parsed.flag("--no-isolate") {
            guard values.isEmpty else { throw OptionParser.Failure(message: "--isolate and --no-isolate contradict each other") }
            return .off
        }
        for option in ["--gdb", "--signature"] where parsed.flag(option) {
            if mode == .required { throw OptionParser.Failure(message: "\(option) cannot run inside the jail: use --no-isolate") }
            return .off
        }
        return mode
    }

    /// Applies the jail. In the launching emu it runs emu again inside new namespaces and
    /// returns that run's exit status; in the jailed child (or where no namespace can be
    /// made) it confines this process, rewrites `configuration` to the jail's paths and
    /// returns nil: go on and run the guest, then call `seal` once its files are open.
    static func isolate(_ mode: Isolation.Mode, _ configuration: inout LinuxConfiguration) -> Int32? {
        state.mode = mode
        guard mode != .off else { return nil }
        let required = mode == .required
        if Isolation.isChild {
            switch Isolation.confine(configuration, required: required) {
            case .success(let confinement):
                configuration = confinement.configuration
                state.jailed = true
                state.refused = confinement.refused
                state.restrictPaths = confinement.hasEmptyRoot || configuration.temporaryMounts.isEmpty
                return nil
            case .failure(let refusal):
                Console.error("emu: --isolate=required: the kernel refused \(refusal); nothing was run\n")
                return ExitStatus.usage
            }
        }
        switch Isolation.launch(arguments: CommandLine.arguments, configuration: configuration, required: required) {
        case .success(let status): return status
        case .failure(let refusal):
            if required {
                Console.error("emu: --isolate=required: the kernel refused \(refusal); nothing was run\n")
                return ExitStatus.usage
            }
            // No namespaces here (a container that forbids them): keep what a process can
            // do to itself. --tmpfs directories then live on the host and are removed by
            // path at exit, which path-restricting seccomp would refuse.
            state.refused = [refusal] + Isolation.confineInProcess(configuration)
            state.restrictPaths = configuration.temporaryMounts.isEmpty
            return nil
        }
    }

    /// Installs the seccomp filter (the guest's mounts are open by now) and prints, once,
    /// every layer the kernel refused. Returns an exit status when the run must stop.
    static func seal() -> Int32? {
        guard state.mode != .off else { return nil }
        let probeRoot = JailProbe.prepare()
        defer { if probeRoot >= 0 { close(probeRoot) } }
        if let refusal = Isolation.seal(restrictPaths: state.restrictPaths) {
            if state.mode == .required {
                Console.error("emu: --isolate=required: the kernel refused \(refusal); nothing was run\n")
                return ExitStatus.usage
            }
            state.refused.append(refusal)
        }
        let shown = state.refused.filter(\.shown)
        if !shown.isEmpty {
            Console.error("emu: isolation: running without "
                + shown.map(\.description).joined(separator: "; ")
                + " (--isolate=required would stop; --no-isolate turns the jail off)\n")
        }
        JailProbe.run(root: probeRoot)
        return nil
    }

    /// Arms a real-time alarm for `--timeout`: the guest's time limit is checked between
    /// instruction slices and system calls, but a guest blocked in a host call (reading a
    /// terminal or a FIFO in a mount) is in neither. SIGALRM, caught without SA_RESTART,
    /// interrupts that call (EINTR), and the check that follows ends the run with 124.
    /// It repeats every 5 ms after the deadline in case it lands between two calls, or a
    /// little before the process's own clock says the time is up (it is armed first).
    static func armTimeout(_ seconds: Double) {
        var action = sigaction()
        // Its first job is to make a blocked host call return (EINTR).
        // It also asks the dispatch loop to stop at its next check point (`Preemption`), so
        // no guest instruction sequence outlives the deadline.
        action.__sigaction_handler.sa_handler = { _ in Preemption.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGALRM, &action, nil)
        // A blocked signal mask survives exec: whoever started emu may have blocked SIGALRM.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGALRM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        let whole = seconds.rounded(.down)
        var timer = itimerval(
            it_interval: timeval(tv_sec: 0, tv_usec: 5_000),
            it_value: timeval(tv_sec: Int(whole), tv_usec: Int((seconds - whole) * 1e6) + 1))
        setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
    }
}
