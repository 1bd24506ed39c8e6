/// A threaded handler: runs the entry at `ip`, then (in release builds) tail-calls the
/// handler of the next entry, so a whole run is one chain of jumps that returns the final
/// instruction count once some handler stops it.
///
/// It is a C function pointer, not a Swift closure: a C function pointer is one machine
/// word, calling it involves no context or reference counting, and LLVM turns a call in
/// tail position into a plain `jmp` (checked by `scripts/check-loop-code`). The arguments
/// are the hot values, passed in host registers: the entry, the register file, the
/// instruction count and the shared `LoopContext`, plus `scratch`, which carries no state:
/// it holds the fourth argument register (`%rcx` on x86-64), the register x86's variable
/// shifts take their count from, so that a shift handler can load its count straight into
/// it (and pass it on as the next handler's `scratch`) instead of saving and restoring a
/// live value there (see `Specialisation.shiftCount` in the generator). Handlers that do
/// not shift pass their `scratch` on unchanged, which costs nothing.
typealias ThreadedHandler = @convention(c) (
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64

/// The run-wide state every handler can reach through its fourth argument: the memory and
/// code windows, the budget, and where a stop is reported.
struct LoopContext {
    /// `Memory.hostBias`: the host address of guest address 0 (host = bias + guest).
    var hostBias: UnsafeMutableRawPointer
    /// `Memory.pageFlags`: what the fast paths may do with each page, by guest page number.
    var pageFlags: UnsafeMutablePointer<UInt8>
    /// The decoded cache and the guest range it covers.
    var entries: UnsafeMutableRawPointer
    var codeStart: UInt32
    var codeSpan: UInt32
    /// `CodeCache.ready`: which cache pages hold entries (checked by `jalr` only).
    var codeReady: UnsafeMutablePointer<UInt8>
    /// 1 with the C extension (2-byte aligned jumps), 3 without.
    var jumpAlignMask: UInt32
    /// The count at which backward transfers, indirect jumps, slow instructions and cache
    /// refills stop the run. `Preemption` sets it to 0 from a signal handler to end the run
    /// at the next of those points (the handlers read it from memory each time).
    var limit: UInt64
    /// The handler for stores that miss the fast window (`threadedStoreMiss`), kept here
    /// so that store handlers reach it with a tail call through a C function pointer.
    var storeMiss: ThreadedHandler
    /// The handler for loads that miss the fast path (misaligned, or a page without the
    /// readable bit): the `.slow` handler, which runs the load in the generic executor with
    /// its exact checks (a fault included). Reached by a tail call, as `storeMiss`. Any
    /// fast handler may leave through it to have its entry run by the generic executor
    /// (the FP handlers do, for FP stores that miss and for their uncommon cases).
    var loadMiss: ThreadedHandler
    /// `Hart.floatRegisters`: f0...f31, then `fcsr` (slot `Hart.fcsrSlot`), for the FP handlers.
    var floatRegisters: UnsafeMutablePointer<UInt64>
    /// The machine, for cold paths (decode, slow instructions, slow stores).
    var machine: Unmanaged<Machine>
    /// Set by the handler that stops the run: why, and at which entry (whose pc becomes
    /// `hart.pc`); `stopPC` overrides the entry when the stop is at a pc outside the code.
    var stop: StopReason?
    var stopIP: UnsafeMutableRawPointer?
    var stopPC: UInt32?
    /// The instruction count at the stop.
    var stopCount: UInt64 = 0
    /// Debug builds only: the entry to run next, for the trampoline (see `dispatch`).
    var resumeIP: UnsafeMutableRawPointer?
}
