import Emu
import Foundation
import TestSupport
import Testing

/// The debugger core, driven directly on hand-assembled programs (DebugTestProgram) and on
/// the project's C programs.
@Suite("Debugger core")
struct DebuggerTests {
    typealias P = DebugTestProgram

    /// A debugger over `elf` whose stdin holds `input` (then end of file) and whose output is
    /// captured.
    func makeDebugger(_ elf: ELFFile, input: [UInt8] = Array("abcd".utf8), arguments: [String] = ["prog"])
        throws -> Debugger
    {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(input))
        try pipe.fileHandleForWriting.close()
        let capture = try OutputCapture()
        var configuration = LinuxConfiguration(arguments: arguments)
        configuration.memoryLimit = 4 << 20
        configuration.standardStreams = [pipe.fileHandleForReading.fileDescriptor, capture.fd, capture.fd]
        configuration.deterministic = true
        let process = try LinuxProcess(elf: elf, configuration: configuration)
        // Keep the pipe's read end open as long as the process may read it.
        PipeKeeper.keep(pipe)
        return Debugger(process: process, capture: capture)
    }

    /// Everything the guest can see: registers, pc, instret and all of memory.
    struct State: Equatable {
        var registers: [UInt32]
        var pc: UInt32
        var instret: UInt64
        var memory: [UInt8]
        var output: [UInt8]
        var exited: Bool
    }

    func state(_ debugger: Debugger) -> State {
        let machine = debugger.machine
        return State(
            registers: machine.hart.registerFile, pc: machine.hart.pc, instret: machine.hart.instret,
            memory: machine.memory.read(machine.memory.base, count: Int(machine.memory.size)) ?? [],
            output: Array(debugger.output), exited: debugger.hasExited)
    }

    func word(_ debugger: Debugger, _ address: UInt32) -> UInt32? { debugger.machine.memory.load32(address) }

    @Test func breakpointStopsBeforeTheInstructionAndContinueRunsToExit() throws {
        let debugger = try makeDebugger(try P.main())
        let breakpoint = try #require(debugger.addBreakpoint(at: P.address(P.Label.storeResult)))
        #expect(debugger.continueExecution() == .breakpoint(id: breakpoint.id, address: P.address(P.Label.storeResult)))
        #expect(debugger.machine.hart.pc == P.address(P.Label.storeResult))
        #expect(word(debugger, P.data) == 0, "the store at the breakpoint has not run")
        #expect(debugger.machine.hart[10] == 10)
        #expect(debugger.continueExecution() == .exited(.exited(status: 10)))
        #expect(String(decoding: debugger.output, as: UTF8.self) == "hi\n")
        #expect(debugger.addBreakpoint(at: 0x5000_0000) == nil, "outside the code")
    }

    @Test func deletedBreakpointNoLongerStops() throws {
        let debugger = try makeDebugger(try P.main())
        let breakpoint = try #require(debugger.addBreakpoint(at: P.address(P.Label.storeResult)))
        #expect(debugger.delete(id: breakpoint.id))
        #expect(debugger.continueExecution() == .exited(.exited(status: 10)))
    }

    @Test func nextStepsOverACallAndStepEntersIt() throws {
        let debugger = try makeDebugger(try P.main())
        debugger.runUntil(P.address(P.Label.callDouble))
        #expect(debugger.machine.hart.pc == P.address(P.Label.callDouble))
        #expect(debugger.next() == .stepped)
        #expect(debugger.machine.hart.pc == P.address(P.Label.storeResult))
        #expect(debugger.machine.hart[10] == 10)
        #expect(debugger.machine.hart.instret == 5, "lui, addi, jal, add, jalr")
        #expect(debugger.changedRegisters == [1, 10, 32])

        let again = try makeDebugger(try P.main())
        again.runUntil(P.address(P.Label.callDouble))
        again.step()
        #expect(again.machine.hart.pc == P.address(P.Label.double))
    }

    @Test func nextStopsAtABreakpointInsideTheCall() throws {
        let debugger = try makeDebugger(try P.main())
        debugger.runUntil(P.address(P.Label.callDouble))
        let inside = try #require(debugger.addBreakpoint(at: P.address(P.Label.double + 1)))
        #expect(debugger.next() == .breakpoint(id: inside.id, address: P.address(P.Label.double + 1)))
    }

    @Test func finishReturnsToTheCaller() throws {
        let debugger = try makeDebugger(try P.main())
        debugger.addBreakpoint(at: P.address(P.Label.double))
        _ = debugger.continueExecution()
        #expect(debugger.finish() == .stepped)
        #expect(debugger.machine.hart.pc == P.address(P.Label.storeResult))
        #expect(debugger.machine.hart[10] == 10)
    }

    @Test func watchpointFiresAfterTheWritingStore() throws {
        let debugger = try makeDebugger(try P.main())
        let watch = try #require(debugger.addWatchpoint(at: P.data + 4, length: 4))
        #expect(debugger.continueExecution() == .watchpoint(id: watch.id, address: P.data + 4))
        #expect(debugger.machine.hart.pc == P.address(P.Label.secondStore + 1))
        #expect(word(debugger, P.data + 4) == 7)
        #expect(debugger.continueExecution() == .exited(.exited(status: 10)))
    }

    @Test func watchpointSeesASystemCallWrite() throws {
        let debugger = try makeDebugger(try P.main())
        let watch = try #require(debugger.addWatchpoint(at: P.data + 17, length: 1))
        #expect(debugger.continueExecution() == .watchpoint(id: watch.id, address: P.data + 17))
        #expect(debugger.machine.hart.pc == P.address(P.Label.read + 1))
        #expect(debugger.machine.memory.read(P.data + 16, count: 4) == Array("abcd".utf8))
    }

    @Test func reverseStepUndoesStoresAndSystemCallsExactly() throws {
        let debugger = try makeDebugger(try P.main())
        var states = [state(debugger)]
        while !debugger.hasExited {
            debugger.step()
            states.append(state(debugger))
        }
        #expect(debugger.lastEvent == .exited(.exited(status: 10)))
        // All the way back, checking every intermediate state, then all the way forward.
        for expected in states.reversed().dropFirst() {
            #expect(debugger.reverseStep() == .stepped)
            #expect(state(debugger) == expected)
        }
        #expect(debugger.reverseStep() == .historyStart)
        #expect(debugger.machine.memory.read(P.data + 16, count: 4) == [0, 0, 0, 0])
        #expect(debugger.output.isEmpty)
        for expected in states.dropFirst() {
            debugger.step()
            #expect(state(debugger) == expected)
        }
        // The read was replayed, not re-executed: the pipe is empty now, a second read would
        // have returned 0 bytes.
        #expect(debugger.machine.memory.read(P.data + 16, count: 4) == Array("abcd".utf8))
        #expect(String(decoding: debugger.output, as: UTF8.self) == "hi\n")
    }

    @Test func reverseContinueStopsAtWatchedStoresAndBreakpoints() throws {
        let debugger = try makeDebugger(try P.main())
        #expect(debugger.continueExecution() == .exited(.exited(status: 10)))
        let watch = try #require(debugger.addWatchpoint(at: P.data, length: 4))
        #expect(debugger.reverseContinue() == .watchpoint(id: watch.id, address: P.data))
        #expect(debugger.machine.hart.pc == P.address(P.Label.storeResult))
        #expect(word(debugger, P.data) == 0)
        #expect(!debugger.hasExited)
        debugger.delete(id: watch.id)
        let breakpoint = try #require(debugger.addBreakpoint(at: P.address(P.Label.double)))
        #expect(debugger.reverseContinue() == .breakpoint(id: breakpoint.id, address: P.address(P.Label.double)))
        #expect(debugger.reverseContinue() == .historyStart)
        #expect(debugger.machine.hart.pc == P.text)
        #expect(debugger.machine.hart.instret == 0)
        // Forwards again through the replayed history, to the breakpoint and to the end.
        #expect(debugger.continueExecution() == .breakpoint(id: breakpoint.id, address: P.address(P.Label.double)))
        #expect(debugger.continueExecution() == .exited(.exited(status: 10)))
        #expect(String(decoding: debugger.output, as: UTF8.self) == "hi\n")
    }

    @Test func faultStopsAtTheFaultingInstructionAndCanBeReversed() throws {
        let debugger = try makeDebugger(try P.main(faulting: true))
        let event = debugger.continueExecution()
        guard case .fault(let trap, let signal) = event else {
            Issue.record("expected a fault, got \(event)")
            return
        }
        #expect(trap.cause == .storeAccessFault)
        #expect(trap.pc == P.address(P.Label.secondStore))
        #expect(signal == LinuxSignal.SIGSEGV)
        #expect(debugger.machine.hart.pc == P.address(P.Label.secondStore))
        #expect(!debugger.hasExited)
        let atFault = state(debugger)
        #expect(debugger.reverseStep(count: 2) == .stepped)
        #expect(debugger.machine.hart.pc == P.address(P.Label.read))
        #expect(debugger.step(count: 3) == .fault(trap, signal: LinuxSignal.SIGSEGV))
        #expect(state(debugger) == atFault)
        // Continuing from a reported fault delivers the signal.
        #expect(debugger.continueExecution() == .exited(.signaled(signal: LinuxSignal.SIGSEGV, trap: trap)))
        #expect(debugger.reverseStep() == .stepped)
        #expect(!debugger.hasExited)
    }

    @Test func changingThePastDiscardsTheFuture() throws {
        let debugger = try makeDebugger(try P.main())
        debugger.runUntil(P.address(P.Label.storeResult))
        debugger.reverseStep(count: 2)
        #expect(debugger.isReplaying)
        debugger.setRegister(10, 21)  // a0 on entry to double
        #expect(!debugger.isReplaying)
        #expect(debugger.continueExecution() == .exited(.exited(status: 42)))
    }

    @Test func exactAfterManyStepsOfACProgram() throws {
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.programs + "/bin/hello.elf"))))
        let debugger = try makeDebugger(elf, arguments: ["hello", "Alice"])
        debugger.step(count: 3000)
        let before = state(debugger)
        #expect(debugger.reverseStep(count: 2500) == .stepped)
        #expect(state(debugger) != before)
        #expect(debugger.step(count: 2500) == .stepped)
        #expect(state(debugger) == before)
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        #expect(String(decoding: debugger.output, as: UTF8.self).hasPrefix("Hello, Alice!\n"))
        let end = state(debugger)
        debugger.reverseStep(count: 100_000)
        #expect(debugger.machine.hart.instret < 3000)
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        #expect(state(debugger) == end)
    }

    /// A debugger over one of programs/bin's C programs.
    func makeProgramDebugger(_ name: String, arguments: [String], memory: Int = 4 << 20) throws -> Debugger {
        let file = Paths.programs + "/bin/" + (name.contains("/") ? name : name + ".elf")
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
        return try makeDebugger(elf, arguments: arguments)
    }

    /// Registers (integer and floating point, fcsr), pc, count and a hash of all guest
    /// memory (FNV-1a over the arena).
    struct Fingerprint: Equatable, CustomStringConvertible {
        var registers: [UInt32], floatRegisters: [UInt64], fcsr: UInt32, pc: UInt32, instret: UInt64, memoryHash: UInt64
        var description: String { "pc=\(String(pc, radix: 16)) instret=\(instret) memory=\(String(memoryHash, radix: 16))" }
    }

    func fingerprint(_ debugger: Debugger) -> Fingerprint {
        let machine = debugger.machine
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        if let pointer = machine.memory.hostPointer(machine.memory.base, count: machine.memory.size) {
            let words = pointer.bindMemory(to: UInt64.self, capacity: Int(machine.memory.size) / 8)
            for index in 0..<Int(machine.memory.size) / 8 { hash = (hash ^ words[index]) &* 0x100_0000_01b3 }
        }
        return Fingerprint(registers: machine.hart.registerFile, floatRegisters: machine.hart.floatRegisterFile,
                           fcsr: machine.hart.fcsr, pc: machine.hart.pc, instret: machine.hart.instret, memoryHash: hash)
    }

    /// sorthash 20000 runs ~14.5 million instructions: record them all (at the threaded
    /// loop's speed), go back to the first instruction and forward again to the same end;
    /// a state in the middle reached by replay equals the state a second, fresh debugger
    /// reaches by running live (so replay is checked against execution, not against itself).
    /// An F/D program (programs/float/fpwork, hard-float musl): a state reached by reverse
    /// execution has the f registers and fcsr of a fresh live run to the same count.
    @Test func reverseRestoresFloatingPointState() throws {
        let debugger = try makeProgramDebugger("float/fpwork", arguments: ["fpwork", "1"])
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        let end = debugger.machine.hart.instret
        let middle = end * 3 / 5
        #expect(debugger.reverseStep(count: Int(end - middle) + 1) == .stepped)
        let replayed = fingerprint(debugger)
        #expect(replayed.instret == middle)
        #expect(replayed.floatRegisters.contains { $0 != 0 }, "the program has used the f registers by then")
        let fresh = try makeProgramDebugger("float/fpwork", arguments: ["fpwork", "1"])
        fresh.commandInstructionLimit = middle
        #expect(fresh.continueExecution() == .interrupted)
        #expect(fingerprint(fresh) == replayed)
    }

    @Test func reverseOverTenMillionInstructionsAndForwardAgain() throws {
        let debugger = try makeProgramDebugger("sorthash", arguments: ["sorthash", "20000"])
        let start = fingerprint(debugger)
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        let end = fingerprint(debugger)
        let output = Array(debugger.output)
        #expect(end.instret >= 10_000_000, "\(end)")
        #expect(!output.isEmpty)
        // Back to the start: everything, memory included, as it was before the first instruction.
        #expect(debugger.reverseStep(count: Int(end.instret) + 10) == .historyStart)
        #expect(fingerprint(debugger) == start)
        #expect(debugger.output.isEmpty)
        // Forward again: the same end, the same output, written once.
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        #expect(fingerprint(debugger) == end)
        #expect(Array(debugger.output) == output)
        // A point in the middle, by reverse execution, against a fresh live run to it.
        let middle: UInt64 = 7_345_679
        // One step more than the count difference: the first goes back over the exit.
        #expect(debugger.reverseStep(count: Int(end.instret - middle) + 1) == .stepped)
        let replayed = fingerprint(debugger)
        #expect(replayed.instret == middle)
        let fresh = try makeProgramDebugger("sorthash", arguments: ["sorthash", "20000"])
        fresh.commandInstructionLimit = middle
        #expect(fresh.continueExecution() == .interrupted)
        #expect(fingerprint(fresh) == replayed)
        // One step back from there, and single steps agree with the live run too.
        #expect(debugger.reverseStep() == .stepped)
        #expect(debugger.machine.hart.instret == middle - 1)
        fresh.commandInstructionLimit = nil
        #expect(debugger.step(count: 2) == .stepped)
        #expect(fresh.step() == .stepped)
        #expect(fingerprint(debugger) == fingerprint(fresh))
    }

    /// A small `--history` thins the checkpoints but keeps the whole run reachable: back to
    /// instruction 0, and forwards to the identical end with the output written once.
    @Test func smallHistoryLimitKeepsTheWholeRun() throws {
        let debugger = try makeProgramDebugger("sorthash", arguments: ["sorthash", "2000"])
        debugger.checkpointInterval = 5_000
        debugger.checkpointInstructionsPerMappedPage = 0
        let limit = 512 << 10
        debugger.historyLimit = limit
        let start = fingerprint(debugger)
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        let end = fingerprint(debugger)
        let output = Array(debugger.output)
        // ~1.5 M instructions at one checkpoint per 5,000 would be ~300 checkpoints: thinned.
        #expect(end.instret > 1_000_000, "\(end)")
        #expect(debugger.historyBytes <= limit, "\(debugger.historyBytes) bytes")
        #expect(debugger.historyCheckpoints >= 3, "thinned, not collapsed")
        #expect(debugger.historyCheckpoints < Int(end.instret / 5_000), "thinned")
        #expect(debugger.historySpan == end.instret, "the promised span is the whole run")
        // The first step back goes from after the exit to before it (the same count).
        #expect(debugger.reverseStep(count: 100) == .stepped)
        #expect(debugger.machine.hart.instret == end.instret - 99)
        #expect(debugger.reverseStep(count: Int(end.instret)) == .historyStart)
        #expect(fingerprint(debugger) == start)
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        #expect(fingerprint(debugger) == end)
        #expect(Array(debugger.output) == output)
    }

    /// reverse-continue finds the LAST hit before the current time: with a breakpoint on
    /// `insertion_sort` and a watchpoint on the first record it sorts, the stops backwards
    /// are the live run's stops in reverse order (a watched write reported at the
    /// instruction that wrote, one count before the live stop after it, with the old value
    /// still in memory; a breakpoint with the whole state).
    @Test func reverseContinueFindsTheLastHit() throws {
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.programs + "/bin/sorthash.elf"))))
        let function = try #require(elf.symbol(named: "insertion_sort"))
        let debugger = try makeProgramDebugger("sorthash", arguments: ["sorthash", "300"])
        debugger.checkpointInterval = 20_000
        debugger.checkpointInstructionsPerMappedPage = 0
        let breakpoint = try #require(debugger.addBreakpoint(at: UInt32(function.value)))
        let first = debugger.continueExecution()
        #expect(first == .breakpoint(id: breakpoint.id, address: UInt32(function.value)))
        let record = debugger.machine.hart[10]  // insertion_sort(a, n): a
        let watch = try #require(debugger.addWatchpoint(at: record, length: 8))
        var stops: [(event: DebugEvent, print: Fingerprint, value: UInt32?)] = [(first, fingerprint(debugger), word(debugger, record))]
        while true {
            let event = debugger.continueExecution()
            if case .exited = event { break }
            switch event {
            case .breakpoint, .watchpoint: stops.append((event, fingerprint(debugger), word(debugger, record)))
            default: Issue.record("unexpected \(event)"); return
            }
        }
        #expect(debugger.lastEvent == .exited(.exited(status: 0)))
        let writes = stops.filter { if case .watchpoint = $0.event { return true } else { return false } }.count
        #expect(writes >= 2, "the record is written by the sorts")
        #expect(stops.count - writes >= 10, "insertion_sort calls")
        for (event, print, value) in stops.reversed() {
            #expect(debugger.reverseContinue() == event)
            if case .breakpoint = event {
                #expect(fingerprint(debugger) == print)
            } else {
                #expect(debugger.machine.hart.instret == print.instret - 1)
                #expect(debugger.machine.memory.read(record, count: 8) != nil)
                _ = value
            }
        }
        // Before the first sort, the record was written when the records were made.
        let fill = debugger.reverseContinue()
        #expect(fill == .watchpoint(id: watch.id, address: record) || fill == .watchpoint(id: watch.id, address: record + 4))
        debugger.delete(id: watch.id)
        debugger.delete(id: breakpoint.id)
        #expect(debugger.reverseContinue() == .historyStart)
        #expect(debugger.machine.hart.instret == 0)
    }
}

/// Keeps test pipes alive for the life of the test process (their descriptors are given to
/// guest processes by number).
enum PipeKeeper {
    nonisolated(unsafe) static var pipes: [Pipe] = []
    static let lock = NSLock()
    static func keep(_ pipe: Pipe) { lock.lock(); pipes.append(pipe); lock.unlock() }
}
