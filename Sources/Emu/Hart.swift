/// The privilege level a hart runs at.
public enum PrivilegeMode: UInt8, Sendable {
    case user = 0
    case supervisor = 1
    case machine = 3
}

/// One RISC-V hardware thread: x0–x31, pc, the retired-instruction count and privilege mode.
///
/// The registers live behind an unsafe pointer, not in a Swift array, so that the dispatch
/// loop can copy the pointer into a local and access registers with no exclusivity or
/// uniqueness checks (STYLE.md: a class holding `[UInt32]` measured about 10x slower).
public final class Hart {
    /// Register storage: x0...x31 at indices 0...31, and index 32, a sink that instructions
    /// whose destination is x0 write into, so the hot handlers never test `rd == 0` and
    /// x0 (index 0) is never written.
    public let registers: UnsafeMutablePointer<UInt32>
    /// Number of slots behind `registers`.
    public static let registerSlots = 33
    /// Index of the sink slot that stands in for a write to x0.
    public static let sinkRegister: UInt8 = 32

    // `@exclusivity(unchecked)` on pc, instret and privilege: the bare-metal runner's
    // step path (Sv32, the generic executor) reads them several times per instruction, and
    // each access of a class's stored property was a call to swift_beginAccess (with a
    // thread-local access set insert) that callgrind measured at about half of a Sv32
    // test's instructions. They are plain values that no code passes `inout` across a
    // call that touches them again, so the dynamic check can never fire; the static
    // checks stay, and a violation could only reorder two writes of a scalar, never
    // corrupt memory.
    /// The pc of the next instruction to execute.
    @exclusivity(unchecked) public var pc: UInt32 = 0
    /// Instructions retired so far (the `instret` counter).
    @exclusivity(unchecked) public var instret: UInt64 = 0
    /// The current privilege mode.
    @exclusivity(unchecked) public var privilege: PrivilegeMode = .user

    /// f0...f31, 64 bits each (F and D). A single-precision value is NaN-boxed: its upper
    /// 32 bits are all ones (spec §"NaN Boxing of Narrower Values"); one that is not reads
    /// as the canonical NaN.
    /// Slot 32 after them holds `fcsr`, so that the threaded FP handlers reach the rounding
    /// mode through the same pointer as the registers.
    public let floatRegisters: UnsafeMutablePointer<UInt64>
    /// The slot of `floatRegisters` that holds `fcsr`.
    static let fcsrSlot = 32
    /// `fcsr`: `frm` in bits 7:5, `fflags` (NV DZ OF UF NX) in bits 4:0.
    public var fcsr: UInt32 {
        get { UInt32(truncatingIfNeeded: floatRegisters[Hart.fcsrSlot]) }
        set { floatRegisters[Hart.fcsrSlot] = UInt64(newValue) }
    }

    /// Creates a hart with all registers zero.
    public init() {
        registers = .allocate(capacity: Hart.registerSlots)
        registers.initialize(repeating: 0, count: Hart.registerSlots)
        floatRegisters = .allocate(capacity: Hart.fcsrSlot + 1)
        floatRegisters.initialize(repeating: 0, count: Hart.fcsrSlot + 1)
    }

    deinit {
        registers.deallocate()
        floatRegisters.deallocate()
    }

    /// f`index` as its 64 bits; reads of a number above 31 give 0 and writes are ignored.
    public func floatRegister(_ index: Int) -> UInt64 {
        (0..<32).contains(index) ? floatRegisters[index] : 0
    }

    /// Sets f`index` (ignored for a number above 31).
    public func setFloatRegister(_ index: Int, _ value: UInt64) {
        if (0..<32).contains(index) { floatRegisters[index] = value }
    }

    /// Zeroes f0...f31 and `fcsr`, as a new program image starts (execve).
    public func resetFloatState() {
        floatRegisters.update(repeating: 0, count: 32)
        fcsr = 0
    }

    /// A copy of f0...f31.
    public var floatRegisterFile: [UInt64] { (0..<32).map { floatRegisters[$0] } }

    /// Reads or writes x`index`; writes to x0 are ignored and reads of x0 give 0.
    public subscript(index: Int) -> UInt32 {
        get { index == 0 || !(0..<32).contains(index) ? 0 : registers[index] }
        set { if index > 0 && index < 32 { registers[index] = newValue } }
    }

    /// A copy of x0...x31.
    public var registerFile: [UInt32] { (0..<32).map { self[$0] } }
}
