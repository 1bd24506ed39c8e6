import Foundation

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    /// The exit status, or 128 + signal number when a signal ended it.
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: [UInt8]
    /// Everything written to standard error.
    public var stderr: [UInt8]
    /// `ru_maxrss` from `wait4`, in KiB. Not the child's own peak: posix_spawn starts the
    /// child in the test process's address space (CLONE_VM), and Linux keeps that address
    /// space's high-water mark across the exec, so this is at least the test process's
    /// RSS at the spawn. Measure a program's own peak with `/usr/bin/time -f %M` instead
    /// (its fork starts from time's small address space).
    public var peakRSSKiB: Int = 0

    /// Standard output decoded as UTF-8 (lossy).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error decoded as UTF-8 (lossy).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// `pipe2(2)` and `posix_spawn_file_actions_addchdir_np(3)`, which glibc declares only
/// under _GNU_SOURCE, invisible to Swift's Glibc module; bound by name (fixed arguments).
@_silgen_name("pipe2")
private func hostPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func hostAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

/// `posix_spawn_file_actions_addclosefrom_np(3)` (glibc 2.34), also _GNU_SOURCE only.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func hostAddCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// Runs processes for the tests and captures their output.
///
/// Built on `posix_spawn`, `poll` and `waitpid` rather than Foundation's `Process`: tests
/// run in parallel, and `Process.waitUntilExit` was seen to hang for good on a child that
/// had already exited (a zombie nobody reaped) when several ran at once. The output is
/// read until the pipes close *or the child has exited*: a child that starts a daemon
/// (`tmux new-session -d`) leaves the daemon holding the pipes open for good.
public enum ProcessRunner {
    /// The error for a child that could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let executable: String
        public let code: Int32
        public var description: String { "cannot run \(executable): \(String(cString: strerror(code)))" }
    }

    /// Runs `executable` with `arguments`, feeding `input` on standard input, and waits.
    /// `environment` nil passes the test's own environment on.
    public static func run(
        _ executable: String, _ arguments: [String], input: [UInt8] = [],
        environment: [String: String]? = nil, currentDirectory: String? = nil
    ) throws -> ProcessResult {
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        // O_CLOEXEC at creation: a child spawned meanwhile by another test must not inherit
        // these pipes, or our reads would never see end-of-file.
        guard hostPipe2(&inPipe, O_CLOEXEC) == 0, hostPipe2(&outPipe, O_CLOEXEC) == 0, hostPipe2(&errPipe, O_CLOEXEC) == 0 else {
            throw SpawnError(executable: executable, code: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let currentDirectory { _ = hostAddChdir(&actions, currentDirectory) }
        // The child gets only 0, 1 and 2: a descriptor some other test opened without
        // O_CLOEXEC must not reach it, or a reference tool (qemu) would see its files
        // numbered from 4 instead of 3.
        _ = hostAddCloseFrom(&actions, 3)

        let environmentStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environmentStrings.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // The child starts as from a shell: no signal blocked, every disposition the
        // default. The test runner's own threads block many signals, and a spawned process
        // inherits that mask (emu passes it on to its guest, as execve does).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        for fd in [inPipe[0], outPipe[1], errPipe[1]] { close(fd) }
        guard spawned == 0 else {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] { close(fd) }
            throw SpawnError(executable: executable, code: spawned)
        }

        // Feed stdin and drain stdout/stderr together, so that a child filling one pipe
        // while we write the other cannot deadlock.
        var pending = input[...]
        var writeFD: Int32 = inPipe[1]
        if pending.isEmpty { close(writeFD); writeFD = -1 }
        _ = fcntl(writeFD, F_SETFL, O_NONBLOCK)
        var output: [UInt8] = [], errors: [UInt8] = []
        var open: [Int32: Bool] = [outPipe[0]: true, errPipe[0]: true]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var status: Int32 = 0
        // wait4, not waitpid: it also gives the child's own resource use (its peak RSS).
        var usage = rusage()
        var exited = false
        while open.values.contains(true) || writeFD >= 0 {
            var fds = open.filter(\.value).map { pollfd(fd: $0.key, events: Int16(POLLIN), revents: 0) }
            if writeFD >= 0 { fds.append(pollfd(fd: writeFD, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), exited ? 0 : 100)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 {
                // Nothing to read: stop once the child is gone (after one last empty poll).
                if exited { break }
                exited = wait4(pid, &status, WNOHANG, &usage) == pid
                continue
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == writeFD {
                    let count = pending.withUnsafeBytes { write(writeFD, $0.baseAddress, $0.count) }
                    if count > 0 { pending = pending.dropFirst(count) }
                    if count < 0 && errno != EAGAIN || pending.isEmpty {
                        close(writeFD)
                        writeFD = -1
                    }
                    continue
                }
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == outPipe[0] { output += buffer[0..<count] } else { errors += buffer[0..<count] }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    open[entry.fd] = false
                    close(entry.fd)
                }
            }
        }
        for (fd, isOpen) in open where isOpen { close(fd) }
        if writeFD >= 0 { close(writeFD) }
        if !exited { while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {} }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (they are macros in C).
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return ProcessResult(status: exitStatus, stdout: output, stderr: errors, peakRSSKiB: usage.ru_maxrss)
    }
}
