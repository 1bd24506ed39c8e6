/// The stack of calls at a stop, unwound from the call-frame information (.debug_frame or
/// .eh_frame) where it covers pc, else by the frame-pointer convention (ra at fp-4, the
/// caller's fp at fp-8, as GCC and Clang lay out a frame with a frame pointer), which each
/// frame names in `method`.
public struct CallStack: Sendable {
    /// How a frame's caller was found.
    public enum Method: String, Sendable {
        /// The innermost frame: the registers themselves.
        case registers
        /// The call-frame information's rules.
        case callFrameInformation = "CFI"
        /// The frame-pointer heuristic (no CFI covered the callee).
        case framePointer = "frame pointer"
    }

    public struct Frame: Sendable {
        public var pc: UInt32
        /// x0...x31 as far as they are known in this frame (unknown ones hold the callee's).
        public var registers: [UInt32]
        /// The canonical frame address (the caller's sp at the call), when CFI gave it.
        public var canonicalFrameAddress: UInt32?
        public var function: SourceDebugInfo.Function?
        public var method: Method
    }

    public private(set) var frames: [Frame] = []
    /// Why unwinding stopped before reaching a frame without a caller, if it did.
    public private(set) var stopReason: String?

    /// The most frames unwound (a corrupt stack could loop).
    public static let maxFrames = 64

    /// Unwinds from `registers` (x0...x31) and `pc`, reading the stack with `readWord`.
    public init(debugInfo: SourceDebugInfo, registers: [UInt32], pc: UInt32, readWord: (UInt32) -> UInt32?) {
        var registers = registers
        var pc = pc
        var method = Method.registers
        while frames.count < Self.maxFrames {
            // A caller's pc is a return address, which may be just past the call's
            // function (a call as the last instruction): look up the call itself.
            let lookup = frames.isEmpty ? pc : pc &- 1
            let function = debugInfo.function(containing: lookup)
            var frame = Frame(pc: pc, registers: registers, canonicalFrameAddress: nil, function: function, method: method)
            let rules = (try? debugInfo.callFrames?.rules(at: lookup)) ?? nil
            if let rules, rules.cfaRegister < 32 {
                let cfa = registers[rules.cfaRegister] &+ UInt32(truncatingIfNeeded: rules.cfaOffset)
                frame.canonicalFrameAddress = cfa
                frames.append(frame)
                var caller = registers
                var lost = false
                for (register, rule) in rules.registers where register < 32 {
                    switch rule {
                    case .offset(let offset):
                        guard let word = readWord(cfa &+ UInt32(truncatingIfNeeded: offset)) else { lost = true; continue }
                        caller[register] = word
                    case .valueOffset(let offset): caller[register] = cfa &+ UInt32(truncatingIfNeeded: offset)
                    case .register(let other): if other < 32 { caller[register] = registers[other] }
                    case .undefined: if register == rules.returnAddressRegister { lost = true }
                    }
                }
                caller[2] = cfa
                guard !lost, rules.returnAddressRegister < 32 else {
                    stopReason = "the return address could not be read"
                    return
                }
                let returnAddress = caller[rules.returnAddressRegister]
                // The outermost frame has no caller: its return address is 0.
                guard returnAddress != 0 else { return }
                if returnAddress == pc && cfa == registers[2] {
                    stopReason = "the stack does not unwind (the same frame again)"
                    return
                }
                registers = caller
                pc = returnAddress
                method = .callFrameInformation
            } else {
                frames.append(frame)
                // No CFI: the frame-pointer convention, only inside a function with debug
                // information (elsewhere fp may hold anything).
                guard function != nil else {
                    stopReason = frames.count == 1 ? nil : "no call-frame information or function at 0x\(String(pc, radix: 16))"
                    return
                }
                let fp = registers[8]
                guard fp >= registers[2], let returnAddress = readWord(fp &- 4), let callerFP = readWord(fp &- 8),
                    returnAddress != 0
                else {
                    stopReason = "no call-frame information, and the frame pointer chain ends"
                    return
                }
                registers[2] = fp
                registers[8] = callerFP
                registers[1] = returnAddress
                pc = returnAddress
                method = .framePointer
            }
            if debugInfo.function(containing: pc &- 1) == nil {
                // The caller has no debug information (the runtime's _start): show it, stop.
                frames.append(Frame(pc: pc, registers: registers, canonicalFrameAddress: nil, function: nil, method: method))
                return
            }
        }
        stopReason = "more than \(Self.maxFrames) frames"
    }
}
