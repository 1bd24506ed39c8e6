import Decoder

/// Everything one guest runs on: its memory, its hart, the decoded-code cache, the CSRs,
/// the ISA it may use, and the state the atomics and devices share with the loop.
public final class Machine {
    /// The guest address space.
    public let memory: Memory
    /// The hart (registers, pc, instret, privilege).
    public let hart: Hart
    /// The decoded-instruction cache over executable memory.
    public let code: CodeCache
    /// The extensions this machine implements.
    public let isa: ISASet
    /// Control and status registers.
    public let csrs: CSRFile
    /// The address reserved by the last LR.W, if the reservation still holds (kept by
    /// `Memory`, which routes stores to it through the slow path).
    public var reservation: UInt32? {
        get { memory.isSharedByThreads ? threadReservation?.address : memory.reservedWord }
        set {
            if memory.isSharedByThreads {
                if newValue == nil { threadReservation = nil }
            } else {
                memory.reservedWord = newValue
            }
        }
    }
    /// With threads (`Memory.isSharedByThreads`), this hart's reservation: the word LR.W
    /// read and the value it saw, which SC.W compares-and-swaps against.
    var threadReservation: (address: UInt32, value: UInt32)?
    /// A stop requested from a cold path inside the loop (a store hook, for example):
    /// the loop finishes the current instruction, then returns it.
    /// (`@exclusivity(unchecked)`, as `translatesData`: see `Hart.pc`.)
    @exclusivity(unchecked) public var pendingStop: StopReason?
    /// Whether loads and stores go through Sv32 translation and PMP checks
    /// (`Machine+Sv32.swift`, `Machine+PMP.swift`). Only the
    /// bare-metal runner sets it, and only while it steps instructions one at a time; the
    /// threaded loop never reads it, so a Linux guest pays nothing for translation.
    @exclusivity(unchecked) public var translatesData = false

    /// Errors building a machine.
    public enum CreationError: Error, Equatable {
        /// The executable range is not inside memory or not 2-byte aligned.
        case badCodeRange
    }

    /// Creates a machine whose instructions may be fetched from `[codeStart, codeEnd)`, with
    /// a decoded cache of at most `codeCacheBytes` of host memory (see `CodeCache`).
    public init(memory: Memory, codeStart: UInt32, codeEnd: UInt32, isa: ISASet = .all,
                codeCacheBytes: Int = CodeCache.defaultLimitBytes)
        throws(CreationError)
    {
        guard memory.contains(codeStart, count: codeEnd &- codeStart),
            let code = CodeCache(start: codeStart & ~1, end: (codeEnd &+ 1) & ~1, limitBytes: codeCacheBytes)
        else { throw .badCodeRange }
        self.memory = memory
        self.hart = Hart()
        self.code = code
        self.isa = isa
        self.csrs = CSRFile(isa: isa)
    }

    /// Decodes the instruction at `pc` as the loop would (for tracing and debugging);
    /// nil when `pc` is outside the code.
    public func instruction(at pc: UInt32) -> Instruction? {
        // One memory policy: a fetch needs execute permission on every page it touches.
        guard code.contains(pc), memory.check(pc, count: 2, has: .execute),
            let first = memory.hostPointer(pc, count: 2)
        else { return nil }
        let low = UInt32(first.loadUnaligned(as: UInt16.self))
        if low & 3 != 3 { return decode(low) }
        guard pc &+ 4 <= code.end, memory.check(pc, count: 4, has: .execute), let word = memory.load32(pc) else {
            return nil
        }
        return decode(word)
    }

    /// Invalidates decoded code after its memory changed (FENCE.I, debugger writes).
    public func codeChanged() { code.invalidateAll() }
}
