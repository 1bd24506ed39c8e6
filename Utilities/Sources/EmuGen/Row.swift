/// One row of the instruction table: an instruction and everything the generator needs to
/// derive its handler, its dispatch entries, its lowering and its generic-executor case.
struct Row {
    /// The `Decoder.Opcode` case, which is also the `Handler` case and the base of the
    /// handler's names (`emu_handler_<opcode>`, `threaded<Opcode>`).
    var opcode: String
    var form: Form
    /// The `Decoder.ISAExtension` case that defines the instruction (checked against
    /// `Opcode.isaExtension` by a test).
    var isaExtension: String
    /// The `Semantics` function that computes the instruction, when it has one; the
    /// generated code passes it to the form's template.
    var semantics: String?
    var specialisations: Set<Specialisation>

    init(_ opcode: String, _ form: Form, _ isaExtension: String, _ semantics: String? = nil,
         _ specialisations: Set<Specialisation> = []) {
        self.opcode = opcode
        self.form = form
        self.isaExtension = isaExtension
        self.semantics = semantics.map { "Semantics." + $0 }
        self.specialisations = specialisations.union(form.implied)
    }

    /// Whether the instruction has a threaded handler of its own (else it runs through
    /// `.slow` or is lowered to `.nop`/`.li`).
    var hasHandler: Bool {
        if specialisations.contains(.genericExecutorOnly) { return false }
        switch form {
        case .registerRegister, .registerImmediate, .load, .store, .branch, .jal, .jalr,
            .floatLoad, .floatStore, .floatArithmetic, .floatBitwise, .floatFused:
            return true
        case .upperImmediate, .fence, .generic: return false
        }
    }

    /// The variants of the row's handler: (`Handler` case, symbol suffix, whether backward).
    var directions: [(kind: String, suffix: String, backward: Bool?)] {
        guard specialisations.contains(.directionVariants) else { return [(opcode, "", nil)] }
        return [(opcode, "", false), (opcode + "Back", "_back", true)]
    }

    /// Whether the handler falls through to the next instruction (and so takes a step).
    var fallsThrough: Bool {
        switch form {
        case .branch, .jal, .jalr: false
        default: true
        }
    }

    /// `threadedAddi` from `addi`.
    var swiftName: String { "threaded" + opcode.prefix(1).uppercased() + opcode.dropFirst() }
}

/// How an instruction takes its operands and what a handler does around its semantics.
enum Form: Hashable {
    /// rd = semantics(rs1, rs2)
    case registerRegister
    /// rd = semantics(rs1, imm)
    case registerImmediate
    /// rd = a value known at decode time (lui, auipc): lowered to `.li`, never a handler.
    /// `pcRelative` passes the instruction's pc as the semantics' first operand.
    case upperImmediate(pcRelative: Bool)
    /// rd = semantics(host address of rs1 + imm), `width` bytes read.
    case load(width: Int)
    /// semantics(host address of rs1 + imm, rs2), `width` bytes written.
    case store(width: Int)
    /// if semantics(rs1, rs2) { pc += imm }
    case branch
    /// rd = pc + length; pc += imm
    case jal
    /// rd = pc + length; pc = semantics(rs1, imm)
    case jalr
    /// No effect in this emulator (one hart, coherent memory): lowered to `.nop`.
    case fence
    /// Everything without a fast handler: the generic executor's hand-written `method`
    /// (a `GenericStep` method) runs it, and the threaded loop reaches it through `.slow`.
    case generic(method: String)
    /// f[rd] = `width` bytes at rs1 + imm (a single NaN-boxed). The F/D forms below have a
    /// threaded handler for Linux guests only, and only for their common case (see
    /// `ThreadedHandlers+Float.swift`); everything else, and every F/D instruction in the
    /// generic executor, is `GenericStep.floatingPoint`.
    case floatLoad(width: Int)
    /// The low `width` bytes of f[rs2] to rs1 + imm.
    case floatStore(width: Int)
    /// f[rd] = semantics(f[rs1], f[rs2]) on host floats (`Float` or `Double`), rounded to
    /// nearest-even with the exception flags the host FPU raises.
    case floatArithmetic(double: Bool)
    /// f[rd] = semantics(f[rs1], f[rs2]) on bit patterns (sign injection): no rounding, no flags.
    case floatBitwise(double: Bool)
    /// f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3] with one rounding: a handler written in C
    /// (`CHostCalls/fused.c`, `emu_handler_<opcode>`), for hosts with FMA.
    case floatFused

    /// The specialisations every row of this form has.
    var implied: Set<Specialisation> {
        switch self {
        case .registerRegister, .registerImmediate: [.compressedStep, .nopWhenRdIsX0]
        case .upperImmediate: [.decodeTimeConstant, .nopWhenRdIsX0]
        case .load, .store, .floatLoad, .floatStore: [.compressedStep]
        case .branch: [.compressedStep, .directionVariants]
        case .jal: [.directionVariants]
        case .jalr, .fence, .generic, .floatArithmetic, .floatBitwise, .floatFused: []
        }
    }
}

/// Decode-time specialisations of a row.
enum Specialisation: Hashable {
    /// A second handler for the 2-byte (compressed) encoding, whose step to the next entry
    /// is a constant: one `add` instead of a load and an add.
    case compressedStep
    /// With rd = x0 the instruction has no effect: it is lowered to `.nop`. (Without this,
    /// rd = x0 is still safe: every lowering writes x0's results to the sink register
    /// `Hart.sinkRegister`, which nothing reads, so no handler ever tests for x0.)
    case nopWhenRdIsX0
    /// With rs1 = x0 the result is semantics(0, imm), known at decode time: lowered to `.li`.
    case constantWhenRs1IsX0
    /// The result is always known at decode time: lowered to `.li`.
    case decodeTimeConstant
    /// The direction of a taken transfer is known at decode time: the row's handler is for
    /// forward targets, which cannot loop and skip the budget check; a second handler,
    /// `<opcode>Back`, is for targets at or before the instruction, and checks it without
    /// testing the distance's sign.
    case directionVariants
    /// No threaded handler: the row runs through `.slow`, in the generic executor, with the
    /// same semantics function. For rare instructions whose semantics need more registers
    /// than a handler may use without a frame (`scripts/check-loop-code` rejects the pushes).
    case genericExecutorOnly
    /// The semantics shift by their second operand (a register-register or
    /// register-immediate row): the handler passes that operand on to the next handler as
    /// its `scratch` argument. On x86-64 the scratch argument arrives in `%rcx`, the one
    /// register a variable shift takes its count from, so the count is loaded straight into
    /// it and nothing live has to be moved out of the way and back (three instructions).
    case shiftCount
}

/// A handler that is not an instruction: cold entries, and the specialised kinds decode
/// time produces (`.li`, `.nop`).
struct HandlerOnly {
    /// The `Handler` case; the thunk calls `execute<Name>` (hand-written).
    var name: String
    var documentation: String
    /// Whether there is a compressed-step variant (for kinds that fall through).
    var compressedStep: Bool
    /// Whether it is a `Handler` case; `storeMiss` is only a thunk, reached through
    /// `LoopContext.storeMiss`.
    var isKind: Bool = true

    var swiftName: String { "threaded" + name.prefix(1).uppercased() + name.dropFirst() }
    var executeName: String { "execute" + name.prefix(1).uppercased() + name.dropFirst() }
}
