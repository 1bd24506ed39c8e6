import Emu
import Glibc

/// The host-side parts of `emu run`'s sandbox that belong to the emu process as a whole:
/// `--isolate` (re-running emu inside new namespaces) and the `--timeout` alarm.
enum SandboxLaunch {
    /// Applies `--isolate`. In the launching emu it enters the namespaces, runs emu again
    /// inside them and returns that run's exit status; in the isolated child it confines
    /// the process and returns nil (go on and run the guest). A refusal by the kernel is
    /// reported and ends the run with 125: never a silent fallback to no isolation.
    static func isolate(_ configuration: LinuxConfiguration) -> Int32? {
        if Isolation.isChild {
            let limits = Isolation.Limits(
                memoryBytes: configuration.memoryLimit, maxFileDescriptors: configuration.maxFileDescriptors,
                maxWriteBytes: configuration.maxWriteBytes, timeoutSeconds: configuration.timeout,
                hostname: configuration.hostname)
            guard let failure = Isolation.confine(limits) else { return nil }
            Console.error("emu: \(failure)\n")
            return ExitStatus.usage
        }
        switch Isolation.launch(arguments: CommandLine.arguments) {
        case .success(let status): return status
        case .failure(let failure):
            Console.error("emu: \(failure); nothing was run\n")
            return ExitStatus.usage
        }
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
