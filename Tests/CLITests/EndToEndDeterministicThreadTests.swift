import Foundation
import TestSupport
import Testing

/// `--deterministic` with guest threads (the turn of `DeterministicScheduler`): a racy
/// program prints the same bytes and retires the same instruction count on every run; the
/// pthread battery prints what qemu-riscv32 prints for the same ELF; waits with timeouts
/// end in virtual time; a deadlock is named and ended by `--timeout`.
@Suite struct EndToEndDeterministicThreadTests {
    static func program(_ name: String) -> String { "programs/bin/threads/" + name }

    /// The "N instructions retired" figure of `--stats`.
    static func retired(_ stderr: String) -> String? {
        stderr.split(separator: "\n").first { $0.contains("instructions retired") }
            .map { String($0.split(separator: " ")[1]) }
    }

    /// racy.c's lost updates, order log, trylock results and clock readings depend on the
    /// interleaving: two runs agree byte for byte, and to the instruction. The output is
    /// compared only with the other run (nothing here knows what it should be), and it must
    /// show that the threads really interleaved: the order log is not one thread after the
    /// other, and some unlocked increments were lost.
    @Test func racyProgramRunsAgree() throws {
        let path = EndToEndDeterministicThreadTests.program("racy")
        let invocation = ReferenceRun.Invocation(arguments: ["4", "100000"])
        let first = try ReferenceRun.emu(path, invocation, options: ["--deterministic", "--stats"])
        let second = try ReferenceRun.emu(path, invocation, options: ["--deterministic", "--stats"])
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(first.stdout == second.stdout, "racy: the two runs printed different bytes")
        let count = EndToEndDeterministicThreadTests.retired(first.stderrText)
        #expect(count != nil, "no --stats line: \(first.stderrText)")
        #expect(count == EndToEndDeterministicThreadTests.retired(second.stderrText))
        let order = first.stdoutText.split(separator: "\n").first { $0.hasPrefix("order ") }.map { String($0.dropFirst(6)) }
        #expect(order.map { Array($0) != Array($0).sorted() } == true, "threads ran one after the other: \(order ?? "none")")
        #expect(!first.stdoutText.contains("(0 lost)"), "\(first.stdoutText)")
    }

    /// The battery's deterministic-output programs: the same output and status as
    /// qemu-riscv32 under the scheduler (timed waits, cancellation, signals to threads, a
    /// pipe between threads). Left out: mutexcost prints a time per pair, and litmus
    /// rendezvous through spin barriers, each of which costs a whole quantum when one thread
    /// runs at a time (minutes in a debug build).
    @Test(arguments: [["pthreads"], ["threadkill"], ["threadwork", "4", "100000"], ["detwait"]])
    func sameAsQEMU(_ command: [String]) throws {
        let invocation = ReferenceRun.Invocation(arguments: Array(command.dropFirst()))
        let path = EndToEndDeterministicThreadTests.program(command[0])
        let emu = try ReferenceRun.emu(path, invocation, options: ["--deterministic", "--timeout", "120"])
        #expect(!emu.stdoutText.isEmpty, "\(command): no output; stderr: \(emu.stderrText)")
        guard let qemu = try ReferenceRun.qemu(path, invocation) else { return }
        #expect(emu.stdoutText == qemu.stdoutText, "\(command): stdout")
        #expect(emu.status == qemu.status, "\(command): status; emu stderr: \(emu.stderrText)")
    }

    /// Futex timeouts and sleeps in virtual time: a cond_timedwait times out while another
    /// thread computes (the clock moves with its instructions), two sleepers with no thread
    /// left to run (the clock jumps to each deadline), a sleep cut short by a signal; the
    /// clock readings behind "at least" agree between runs to the instruction.
    @Test func timedWaitsInVirtualTime() throws {
        let path = EndToEndDeterministicThreadTests.program("detwait")
        let first = try ReferenceRun.emu(path, .init(), options: ["--deterministic", "--stats"])
        let second = try ReferenceRun.emu(path, .init(), options: ["--deterministic", "--stats"])
        #expect(first.status == 0, "\(first.stderrText)")
        for line in ["cond_timedwait while another thread computes: ETIMEDOUT, waited at least 10 ms: yes",
                     "two sleepers: first joined after at least 200 ms: yes, both after at least 300 ms: yes",
                     "sleeper: nanosleep EINTR, handler ran: yes, more than 90 s left: yes",
                     "pipe between threads: 300000 bytes, checksum 943992"] {
            #expect(first.stdoutText.contains(line + "\n"), "detwait: missing \(line); got \(first.stdoutText)")
        }
        #expect(first.stdout == second.stdout)
        #expect(EndToEndDeterministicThreadTests.retired(first.stderrText) != nil)
        #expect(EndToEndDeterministicThreadTests.retired(first.stderrText) == EndToEndDeterministicThreadTests.retired(second.stderrText))
        // A 100 s sleep in virtual time takes no host time: the whole run is quick.
    }

    /// Every thread blocked with no timeout and no timer: emu says so once and waits for a
    /// signal from outside, as Linux would hang; --timeout ends the run (124).
    @Test func deadlockIsNamedAndEndedByTimeout() throws {
        let path = EndToEndDeterministicThreadTests.program("detwait")
        let start = Date()
        let result = try ReferenceRun.emu(path, .init(arguments: ["deadlock"]), options: ["--deterministic", "--timeout", "2"])
        #expect(result.status == 124, "\(result.stderrText)")
        #expect(result.stdoutText == "deadlock: both threads hold one lock\n")
        #expect(result.stderrText.contains("every guest thread is blocked with no timeout and no timer (a deadlock)"),
                "\(result.stderrText)")
        #expect(Date().timeIntervalSince(start) < 60)
    }
}
