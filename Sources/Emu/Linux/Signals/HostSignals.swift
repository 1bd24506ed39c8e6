import Glibc
import Synchronization

/// The host side of guest signals: what the host kernel tells emu, turned into guest
/// signals the Linux layer delivers at the dispatch loop's safe points.
///
/// A host signal handler may not touch the process's Swift objects, so it only records the
/// guest signal in an atomic bitmask (`arrived`) and asks the running loop to stop
/// (`Preemption.request`, the mechanism `--timeout` uses): the loop returns within
/// microseconds, and `LinuxProcess` then takes the bits and builds the guest's frame. A
/// host call blocked for the guest (a read, a sleep, a wait) returns EINTR, because these
/// handlers are installed without SA_RESTART; the Linux layer then restarts the guest's
/// call or fails it with EINTR, as the guest's SA_RESTART says.
///
/// Three kinds of host signal arrive here:
/// - the terminal's and the supervisor's (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH,
///   SIGUSR1, SIGUSR2), forwarded under the same number (`forwardHostSignals`);
/// - `messageSignal`, a host real-time signal that another guest process's emu queues with
///   `sigqueue`, carrying the guest signal and the sender's guest pid as its value: the
///   receiver can fill si_pid, and the host signal's number never has to mean the guest's
///   (a guest SIGSEGV sent by kill must not look like a fault of emu itself);
/// - `timerSignal`, from the one host POSIX timer a process arms at its earliest guest
///   timer deadline (setitimer stays `--timeout`'s).
public enum HostSignals {
    /// Guest signals that arrived from the host, bit `n - 1` for signal n.
    static let arrived = Atomic<UInt64>(0)
    /// The sender's guest pid of the last `messageSignal` for each guest signal (0: the host).
    nonisolated(unsafe) static let senders = UnsafeMutablePointer<Int32>.allocate(capacity: 65)
    /// A host real-time signal no guest signal is forwarded as (glibc's SIGRTMIN is 34; 64
    /// is h-proc's parent-death signal).
    static let messageSignal: Int32 = 62
    static let timerSignal: Int32 = 63
    /// The last child state change the host reported (SIGCHLD's si_pid, si_code and
    /// si_status), translated to the guest's pid by `LinuxProcess.collectSignals`.
    nonisolated(unsafe) static let child = UnsafeMutablePointer<Int32>.allocate(capacity: 3)
    /// The host signals forwarded to the guest under the same number.
    static let forwarded: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGWINCH]

    nonisolated(unsafe) private static var installed = false
    /// What the host process had before emu changed anything (see `inheritedState`).
    nonisolated(unsafe) static var inherited: (blocked: UInt64, ignored: UInt64) = (0, 0)

    /// Installs the handlers every guest process needs (messages, timers) and makes a write
    /// to a closed pipe return EPIPE to emu (which then sends the guest its own SIGPIPE)
    /// instead of killing emu. Once per host process; a forked child inherits them.
    static func installProcessHandlers() {
        guard !installed else { return }
        installed = true
        inherited = inheritedState()
        // Touch the globals now: their lazy initialisation must not first run in a handler.
        _ = arrived.load(ordering: .relaxed)
        senders.initialize(repeating: 0, count: 65)
        child.initialize(repeating: 0, count: 3)
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&ignore.sa_mask)
        sigaction(SIGPIPE, &ignore, nil)

        var message = sigaction()
        message.__sigaction_handler.sa_sigaction = { _, info, _ in
            guard let info else { return }
            let value = UInt32(bitPattern: info.pointee._sifields._rt.si_sigval.sival_int)
            let signal = Int32(value & 0xFF)
            guard signal >= 1 && signal <= 64 else { return }
            HostSignals.senders[Int(signal)] = Int32(bitPattern: value >> 8)
            HostSignals.arrived.bitwiseOr(1 << UInt64(signal - 1), ordering: .sequentiallyConsistent)
            Preemption.request()
        }
        message.sa_flags = SA_SIGINFO
        sigemptyset(&message.sa_mask)
        sigaction(messageSignal, &message, nil)
        var own = sigset_t()
        sigemptyset(&own)
        sigaddset(&own, messageSignal)
        sigaddset(&own, timerSignal)
        sigprocmask(SIG_UNBLOCK, &own, nil)

        var timer = sigaction()
        timer.__sigaction_handler.sa_handler = { _ in Preemption.request() }
        sigemptyset(&timer.sa_mask)
        timer.sa_flags = 0
        sigaction(timerSignal, &timer, nil)
    }

    /// Forwards the host's SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGUSR1 and SIGUSR2
    /// to the guest, and turns a host child's exit into the guest's SIGCHLD (`emu run` does
    /// this; an embedding program, or a test runner whose own children come and go, may not
    /// want either: each arrival also stops whatever dispatch loop runs in the process).
    public static func forwardHostSignals() {
        installProcessHandlers()
        // A guest child is a host child: its exit (or stop) is the guest's SIGCHLD.
        var childAction = sigaction()
        childAction.__sigaction_handler.sa_sigaction = { _, info, _ in
            guard let info else { return }
            HostSignals.child[0] = info.pointee._sifields._sigchld.si_pid
            HostSignals.child[1] = info.pointee.si_code
            HostSignals.child[2] = info.pointee._sifields._sigchld.si_status
            HostSignals.arrived.bitwiseOr(1 << UInt64(SIGCHLD - 1), ordering: .sequentiallyConsistent)
            Preemption.request()
        }
        childAction.sa_flags = SA_SIGINFO
        sigemptyset(&childAction.sa_mask)
        sigaction(SIGCHLD, &childAction, nil)

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            guard signal >= 1 && signal <= 64 else { return }
            HostSignals.senders[Int(signal)] = 0
            HostSignals.arrived.bitwiseOr(1 << UInt64(signal - 1), ordering: .sequentiallyConsistent)
            Preemption.request()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        for signal in forwarded { sigaction(signal, &action, nil) }
        // emu itself must receive them (and its own): the guest's mask is the guest's
        // business, kept in `SignalState`, not in the host's.
        var handled = handledSet()
        sigprocmask(SIG_UNBLOCK, &handled, nil)
    }

    /// The host's blocked mask and ignored signals (1...31), as guest masks: what a process
    /// inherits across execve.
    static func inheritedState() -> (blocked: UInt64, ignored: UInt64) {
        var mask = sigset_t()
        sigprocmask(SIG_BLOCK, nil, &mask)
        var blocked: UInt64 = 0, ignored: UInt64 = 0
        for signal in Int32(1)...31 {
            if sigismember(&mask, signal) == 1 { blocked |= 1 << UInt64(signal - 1) }
            var current = sigaction()
            if sigaction(signal, nil, &current) == 0,
                unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1  // SIG_IGN
            {
                ignored |= 1 << UInt64(signal - 1)
            }
        }
        return (blocked, ignored)
    }

    /// In a forked child: what arrived for the parent is the parent's.
    static func forgetAfterFork() {
        arrived.store(0, ordering: .sequentiallyConsistent)
    }

    /// Whether a guest signal arrived that `take` has not taken.
    static var hasArrived: Bool { arrived.load(ordering: .sequentiallyConsistent) != 0 }

    /// `poll(2)` over host descriptors, with emu's signals blocked except inside the wait
    /// (ppoll with a mask), and EINTR at once when one already arrived: no guest signal
    /// is lost between the last check and the wait.
    static func poll(_ fds: UnsafeMutablePointer<pollfd>?, count: Int, milliseconds: Int32) -> Int32 {
        var block = handledSet()
        var old = sigset_t()
        sigprocmask(SIG_BLOCK, &block, &old)
        defer { sigprocmask(SIG_SETMASK, &old, nil) }
        if hasArrived {
            errno = EINTR
            return -1
        }
        var result: Int32 = -1
        errno = EINTR
        blocking {
            if milliseconds < 0 {
                result = hostPpoll(fds, UInt(count), nil, &old)
            } else {
                var timeout = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
                result = hostPpoll(fds, UInt(count), &timeout, &old)
            }
        }
        return result
    }

    /// Wraps the host's blocking waits, while the guest has threads: gives the process lock
    /// up for the wait (`LinuxProcess.releasingThreadLock`), and skips the wait when a
    /// request for this thread is already pending (another thread signalled it). One
    /// process per host process, so one hook.
    nonisolated(unsafe) static var aroundBlockingWait: ((() -> Void) -> Void)?

    private static func blocking(_ body: () -> Void) {
        if let around = aroundBlockingWait { withoutActuallyEscaping(body) { around($0) } } else { body() }
    }

    /// The jailed emu the launcher relays its signals to (see `relay`).
    nonisolated(unsafe) static var relayTarget: pid_t = 0

    /// In the emu that launched the jail: passes the forwarded signals on to the jailed emu
    /// (`child`), which forwards them to the guest. Without this a supervisor's SIGTERM
    /// would end the launcher and leave the guest unaware of it.
    public static func relay(to child: pid_t) {
        relayTarget = child
        var action = sigaction()
        // kill is async-signal-safe; the target was stored before the handler was installed.
        action.__sigaction_handler.sa_handler = { signal in _ = Glibc.kill(HostSignals.relayTarget, signal) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signal in forwarded { sigaction(signal, &action, nil) }
        var set = sigset_t()
        sigemptyset(&set)
        for signal in forwarded { sigaddset(&set, signal) }
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    /// Takes the guest signals that arrived since the last call.
    static func take() -> UInt64 {
        arrived.exchange(0, ordering: .sequentiallyConsistent)
    }

    /// Sends guest `signal` from guest pid `sender` to the emu with host pid `host`.
    /// SIGKILL and SIGSTOP go as themselves: they cannot be caught, and the host's own
    /// action is the guest's (the parent's wait sees the host's status).
    static func send(_ signal: Int32, from sender: Int32, toHost host: pid_t) -> Bool {
        if signal == LinuxSignal.SIGKILL || signal == LinuxSignal.SIGSTOP { return Glibc.kill(host, signal) == 0 }
        if signal == LinuxSignal.SIGCONT { _ = Glibc.kill(host, SIGCONT) }
        let value = sigval(sival_int: Int32(bitPattern: UInt32(signal) | UInt32(bitPattern: sender) << 8))
        return sigqueue(host, messageSignal, value) == 0
    }

    /// The host signals emu handles for the guest, as a set to block while checking for
    /// them (so that none lands between the check and the wait: `wait`).
    static func handledSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in forwarded + [messageSignal, timerSignal, SIGCHLD] { sigaddset(&set, signal) }
        return set
    }

    /// Sleeps until a host signal arrives or `nanoseconds` pass (nil: no limit), unless
    /// `ready` already holds. The handled signals are blocked while `ready` runs and
    /// unblocked atomically by the wait (ppoll with a mask), so a signal arriving in between
    /// ends the wait at once instead of being missed.
    static func wait(nanoseconds: UInt64?, ready: () -> Bool) -> Bool {
        var block = handledSet()
        var old = sigset_t()
        sigprocmask(SIG_BLOCK, &block, &old)
        defer { sigprocmask(SIG_SETMASK, &old, nil) }
        if ready() { return true }
        blocking {
            if let nanoseconds {
                var timeout = timespec(tv_sec: Int(min(nanoseconds / 1_000_000_000, UInt64(Int32.max))),
                                       tv_nsec: Int(nanoseconds % 1_000_000_000))
                _ = hostPpoll(nil, 0, &timeout, &old)
            } else {
                _ = hostPpoll(nil, 0, nil, &old)
            }
        }
        return false
    }
}

/// The one host POSIX timer of a process, armed at its earliest guest timer deadline.
/// Created on first use, and again in a forked child (host timers are not inherited).
final class HostWakeTimer {
    /// The host timer's id. glibc's `timer_t` is a pointer holding the kernel's id, and the
    /// first id is 0: nil here is a valid timer, so `created` says whether there is one.
    private var timer: timer_t?
    private var created = false
    private var owner: pid_t = 0

    /// Arms the timer to fire in `nanoseconds` (nil: disarms it).
    func arm(_ nanoseconds: UInt64?) {
        if owner != getpid() {
            created = false
            owner = getpid()
            var event = sigevent()
            event.sigev_notify = Int32(SIGEV_SIGNAL)
            event.sigev_signo = HostSignals.timerSignal
            var id: timer_t?
            if timer_create(CLOCK_MONOTONIC, &event, &id) == 0 {
                timer = id
                created = true
            }
        }
        guard created else { return }
        var value = itimerspec()
        if let nanoseconds {
            // 0 would disarm: fire in 1 ns instead.
            let wait = max(nanoseconds, 1)
            value.it_value = timespec(tv_sec: Int(min(wait / 1_000_000_000, UInt64(Int32.max))),
                                      tv_nsec: Int(wait % 1_000_000_000))
        }
        timer_settime(timer, 0, &value, nil)
    }

    deinit {
        if created, owner == getpid() { timer_delete(timer) }
    }
}

/// `ppoll(2)`, which glibc declares only under _GNU_SOURCE (not seen by Swift's Glibc
/// module); a fixed-argument function, bound by name.
@_silgen_name("ppoll")
func hostPpoll(_ fds: UnsafeMutablePointer<pollfd>?, _ count: UInt, _ timeout: UnsafePointer<timespec>?,
               _ mask: UnsafePointer<sigset_t>?) -> Int32
