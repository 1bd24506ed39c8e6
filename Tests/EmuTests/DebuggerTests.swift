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

    @Test func historyStaysWithinItsLimit() throws {
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.programs + "/bin/hello.elf"))))
        let debugger = try makeDebugger(elf, arguments: ["hello"])
        // 32 KiB holds 2,048 16-byte records, fewer than hello's ~3,400 instructions.
        debugger.historyLimit = 32 << 10
        #expect(debugger.continueExecution() == .exited(.exited(status: 0)))
        #expect(debugger.historyBytes <= 32 << 10 + 16 << 10)
        // Forgetting drops the oldest quarter, never the recent past: at least 3/4 of what fits stays.
        #expect(debugger.historyRecords >= (32 << 10) / 16 * 3 / 4 - 64)
        #expect(debugger.historyRecords < Int(debugger.machine.hart.instret))
        #expect(debugger.reverseStep(count: 1_000_000) == .historyStart)
        #expect(debugger.machine.hart.instret > 0, "the oldest records were forgotten")
    }
}

/// Keeps test pipes alive for the life of the test process (their descriptors are given to
/// guest processes by number).
enum PipeKeeper {
    nonisolated(unsafe) static var pipes: [Pipe] = []
    static let lock = NSLock()
    static func keep(_ pipe: Pipe) { lock.lock(); pipes.append(pipe); lock.unlock() }
}
