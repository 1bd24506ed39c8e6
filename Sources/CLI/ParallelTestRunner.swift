import Glibc

/// `emu test -j N`: runs the binaries in N forked worker processes, each given one binary
/// at a time (the next goes to whichever worker finishes first, so one slow test does not
/// hold up a queue behind it), and hands the records back in input order.
///
/// Why processes and not threads: the interpreter keeps the running loop's preemption
/// state (`Preemption`) in process-wide variables, as a signal handler must find it, and
/// every other part of a run (the machine, the HTIF hook, the CLINT) belongs to one
/// runner; a process per worker shares none of it. A worker that dies (a host bug) costs
/// only the test it was running, reported as an error.
enum ParallelTestRunner {
    /// One worker: its pid, the pipe its jobs go down, the pipe its records come up, the
    /// job it is running and the bytes of a record read so far.
    private struct Worker {
        let pid: pid_t
        var commands: Int32
        let results: Int32
        var job: Int?
        var pending: [UInt8] = []
    }

    /// Runs `job(i)` for every i in `0..<paths.count` on `workers` processes; calls
    /// `deliver` with each record in index order, as soon as it and those before it are in.
    static func run(paths: [String], workers: Int, job: (Int) -> TestRecord, deliver: (TestRecord) -> Void) {
        let count = paths.count
        var records = [TestRecord?](repeating: nil, count: count)
        var delivered = 0
        var nextJob = 0
        var pool: [Worker] = []
        // A worker's write fails with EPIPE instead of killing emu if it died.
        let previousPipeAction = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previousPipeAction) }

        func fail(_ index: Int, _ message: String) {
            records[index] = TestRecord(path: paths[index], result: nil, error: message, seconds: 0)
        }
        func assign(_ slot: Int) {
            guard nextJob < count else {
                close(pool[slot].commands)
                pool[slot].commands = -1
                pool[slot].job = nil
                return
            }
            var index = UInt32(nextJob)
            pool[slot].job = nextJob
            nextJob += 1
            if !writeAll(pool[slot].commands, &index, 4) { fail(Int(index), "emu: the -j worker could not be given this test") }
        }

        for _ in 0..<min(workers, count) {
            var down: [Int32] = [-1, -1], up: [Int32] = [-1, -1]
            guard pipe(&down) == 0 else { break }
            guard pipe(&up) == 0 else {
                close(down[0]); close(down[1])
                break
            }
            let pid = fork()
            if pid == 0 {
                // The child: only its own two ends stay open (an inherited write end of an
                // earlier worker's job pipe would keep that worker from ever seeing EOF).
                for worker in pool {
                    if worker.commands >= 0 { close(worker.commands) }
                    close(worker.results)
                }
                close(down[1]); close(up[0])
                serve(commands: down[0], results: up[1], job: job)
            }
            close(down[0]); close(up[1])
            guard pid > 0 else {
                close(down[1]); close(up[0])
                break
            }
            pool.append(Worker(pid: pid, commands: down[1], results: up[0], job: nil))
            assign(pool.count - 1)
        }
        if pool.isEmpty {
            // No process could be made: run them here, one after another.
            for index in 0..<count { deliver(job(index)) }
            return
        }

        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while pool.contains(where: { $0.results >= 0 }) {
            var fds = pool.map { pollfd(fd: $0.results, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for slot in pool.indices where fds[slot].fd >= 0 && fds[slot].revents != 0 {
                let got = buffer.withUnsafeMutableBytes { read(pool[slot].results, $0.baseAddress, $0.count) }
                if got < 0, errno == EINTR { continue }
                if got <= 0 {
                    // The worker is gone: whatever it was running has no record.
                    close(pool[slot].results)
                    if pool[slot].commands >= 0 { close(pool[slot].commands) }
                    if let index = pool[slot].job { fail(index, "emu: the -j worker running this test ended without a result") }
                    pool[slot] = Worker(pid: pool[slot].pid, commands: -1, results: -1, job: nil)
                    continue
                }
                pool[slot].pending += buffer[0..<got]
                while let length = TestRecordWire.messageLength(pool[slot].pending[...]),
                    pool[slot].pending.count >= length, let index = pool[slot].job
                {
                    records[index] = TestRecordWire.decode(pool[slot].pending[..<length], path: paths[index])
                    pool[slot].pending.removeFirst(length)
                    assign(slot)
                }
                if TestRecordWire.isMalformed(pool[slot].pending[...]) {
                    kill(pool[slot].pid, SIGKILL)
                }
            }
            while delivered < count, let record = records[delivered] {
                deliver(record)
                delivered += 1
            }
        }
        for worker in pool {
            var status: Int32 = 0
            while waitpid(worker.pid, &status, 0) < 0, errno == EINTR {}
        }
        // Jobs never handed out (every worker died) or lost run here.
        while delivered < count {
            deliver(records[delivered] ?? job(delivered))
            delivered += 1
        }
    }

    /// The worker's loop: reads a job number, runs it, writes the record; exits at EOF.
    private static func serve(commands: Int32, results: Int32, job: (Int) -> TestRecord) -> Never {
        var index: UInt32 = 0
        while readAll(commands, &index, 4) {
            var bytes = TestRecordWire.encode(job(Int(index)))
            guard writeAll(results, &bytes, bytes.count) else { break }
        }
        _exit(0)
    }

    private static func readAll(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let got = read(fd, pointer + done, count - done)
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }

    private static func writeAll(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let put = write(fd, pointer + done, count - done)
            if put < 0, errno == EINTR { continue }
            guard put > 0 else { return false }
            done += put
        }
        return true
    }
}
