import Foundation
import TestSupport
import Testing

/// Guest threads through the built `emu` (programs/threads, static musl): pthreads'
/// primitives, atomics and the litmus tests compared with `qemu-riscv32` running the same
/// ELF, signals to threads, and the tools around threads (--strace's tid prefix,
/// --pids-limit counting threads, the refusals).
@Suite struct EndToEndThreadTests {
    static func program(_ name: String) -> String { "programs/bin/threads/" + name }

    /// Same output and status as qemu-riscv32. threadkill ends by a SIGTERM raised in a
    /// thread (143 under both); the others exit 0.
    @Test(arguments: [["pthreads"], ["threadkill"], ["threadwork", "4", "300000"], ["litmus", "3000"]])
    func sameAsQEMU(_ command: [String]) throws {
        let invocation = ReferenceRun.Invocation(arguments: Array(command.dropFirst()))
        let path = EndToEndThreadTests.program(command[0])
        let emu = try ReferenceRun.emu(path, invocation)
        #expect(!emu.stdoutText.isEmpty, "\(command): no output; stderr: \(emu.stderrText)")
        guard let qemu = try ReferenceRun.qemu(path, invocation) else { return }
        #expect(emu.stdoutText == qemu.stdoutText, "\(command): stdout")
        #expect(emu.status == qemu.status, "\(command): status; emu stderr: \(emu.stderrText)")
    }

    /// What must hold under emu whatever qemu does: no forbidden litmus outcome, exact
    /// counter totals, every pthread check, and the whole process killed by a thread's
    /// fatal signal.
    @Test func expectedWithoutQEMU() throws {
        let litmus = try ReferenceRun.emu(EndToEndThreadTests.program("litmus"), .init(arguments: ["5000"]))
        #expect(litmus.status == 0, "\(litmus.stderrText)")
        for line in ["mp+fences: 0 forbidden outcomes in 5000 runs", "sb+fences: 0 forbidden outcomes in 5000 runs",
                     "lr/sc counter: 80000 (expected 80000)", "amoadd counter: 160000 (expected 160000)"] {
            #expect(litmus.stdoutText.contains(line + "\n"), "litmus: missing \(line)")
        }
        let pthreads = try ReferenceRun.emu(EndToEndThreadTests.program("pthreads"), .init())
        #expect(pthreads.status == 0, "\(pthreads.stderrText)")
        for line in ["join: sum of results 812, main tls still 1", "mutex: counter 80000 (expected 80000)",
                     "atomics: fetch_add total 240000 (expected 240000), cas total 80000 (expected 80000)",
                     "condvar: consumed sum 125250 (expected 125250)", "rwlock: a 4000 b 4000 torn reads 0",
                     "barrier: errors 0", "cond_timedwait: ETIMEDOUT, waited at least 50 ms: yes",
                     "sem_timedwait: -1 ETIMEDOUT", "exit while others block: 42 then 7", "cancel: PTHREAD_CANCELED"] {
            #expect(pthreads.stdoutText.contains(line + "\n"), "pthreads: missing \(line)")
        }
        let kill = try ReferenceRun.emu(EndToEndThreadTests.program("threadkill"), .init())
        #expect(kill.status == 143, "\(kill.stderrText)")
        for line in ["pthread_kill: handler ran in the target thread: yes; pause interrupted with EINTR: yes",
                     "tgkill to self: handled in main thread: yes",
                     "kill to the process: handled by the thread that does not block it: yes"] {
            #expect(kill.stdoutText.contains(line + "\n"), "threadkill: missing \(line)")
        }
        #expect(!kill.stdoutText.contains("not reached"))
        // The same checksum with one thread as with four: the split does not change the work.
        let one = try ReferenceRun.emu(EndToEndThreadTests.program("threadwork"), .init(arguments: ["1", "300000"]))
        let four = try ReferenceRun.emu(EndToEndThreadTests.program("threadwork"), .init(arguments: ["4", "300000"]))
        #expect(one.status == 0 && four.status == 0)
        #expect(one.stdoutText == four.stdoutText && one.stdoutText.contains("checksum"))
        let mutexes = try ReferenceRun.emu(EndToEndThreadTests.program("mutexcost"), .init(arguments: ["3", "20000"]))
        #expect(mutexes.status == 0 && mutexes.stdoutText.contains("60000 pairs done"), "\(mutexes.stdoutText)")
    }

    /// --strace prefixes each line with the calling thread's id, as qemu's -strace does.
    @Test func straceShowsThreadIDs() throws {
        let result = try ReferenceRun.emu(EndToEndThreadTests.program("threadwork"), .init(arguments: ["2", "1000"]),
                                          options: ["--strace"])
        #expect(result.status == 0)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("1 clone(") && $0.hasSuffix(") = 2") }, "\(result.stderrText)")
        // The new thread's own calls carry its tid: musl's thread start and its exit.
        #expect(lines.contains { $0.hasPrefix("2 exit(") }, "\(result.stderrText)")
        #expect(lines.contains { $0.hasPrefix("1 exit_group(") })
    }

    /// --pids-limit counts threads as pids.max does: four threads need four slots.
    @Test func pidsLimitCountsThreads() throws {
        let path = EndToEndThreadTests.program("threadwork")
        let fits = try ReferenceRun.emu(path, .init(arguments: ["4", "1000"]), options: ["--pids-limit", "4"])
        #expect(fits.status == 0, "\(fits.stderrText)")
        // One slot short: the last pthread_create fails (EAGAIN), and threadwork exits 1.
        let short = try ReferenceRun.emu(path, .init(arguments: ["4", "1000"]), options: ["--pids-limit", "3"])
        #expect(short.status == 1, "\(short.stdoutText) \(short.stderrText)")
        #expect(short.stdoutText.contains("pthread_create of thread 4 failed"))
    }
}
