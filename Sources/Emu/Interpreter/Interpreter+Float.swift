import CHostCalls
import Decoder

/// The F and D extensions, run by the generic executor (every FP row of the instruction
/// table is `.generic(method: "floatingPoint")`): the threaded handlers stay free of FP
/// state, and the arithmetic itself is the host FPU's, through `CHostCalls/float.c`.
extension GenericStep {
    /// Runs one F or D instruction: checks that the FPU is on (`mstatus.FS`), resolves the
    /// rounding mode, computes, writes the destination and accumulates `fflags`.
    func floatingPoint() -> SlowResult {
        let csrs = machine.csrs, hart = machine.hart
        guard csrs.floatEnabled else { return illegalInstruction() }
        let op = inst.opcode
        var rm: Int32 = 0
        if op.hasRoundingMode {
            // 5 and 6 are reserved; 7 (dynamic) takes frm, whose 5...7 are invalid (§ "Floating-
            // Point Control and Status Register": an invalid dynamic mode is illegal).
            let field = inst.rm == 7 ? UInt8(hart.fcsr >> 5 & 7) : inst.rm
            guard field <= 4 else { return illegalInstruction() }
            rm = Int32(field)
        }
        let f1 = hart.floatRegister(Int(inst.rs1)), f2 = hart.floatRegister(Int(inst.rs2))
        var flags: UInt32 = 0
        let result: FloatResult
        switch op {
        case .flw, .fld: return floatLoad(double: op == .fld)
        case .fsw, .fsd: return floatStore(double: op == .fsd)
        case .faddS, .fsubS, .fmulS, .fdivS:
            result = .single(emu_f32_arith(arithmeticCode(op), unbox(f1), unbox(f2), rm, &flags))
        case .faddD, .fsubD, .fmulD, .fdivD:
            result = .double(emu_f64_arith(arithmeticCode(op), f1, f2, rm, &flags))
        case .fmaddS, .fmsubS, .fnmsubS, .fnmaddS:
            let (negateProduct, negateAddend) = fusedSigns(op)
            let a = unbox(f1) ^ (negateProduct ? 0x8000_0000 : 0)
            let c = unbox(hart.floatRegister(Int(inst.rs3))) ^ (negateAddend ? 0x8000_0000 : 0)
            result = .single(emu_f32_fma(a, unbox(f2), c, rm, &flags))
        case .fmaddD, .fmsubD, .fnmsubD, .fnmaddD:
            let (negateProduct, negateAddend) = fusedSigns(op)
            let sign: UInt64 = 1 << 63
            let a = f1 ^ (negateProduct ? sign : 0)
            let c = hart.floatRegister(Int(inst.rs3)) ^ (negateAddend ? sign : 0)
            result = .double(emu_f64_fma(a, f2, c, rm, &flags))
        case .fsqrtS: result = .single(emu_f32_sqrt(unbox(f1), rm, &flags))
        case .fsqrtD: result = .double(emu_f64_sqrt(f1, rm, &flags))
        case .fsgnjS, .fsgnjnS, .fsgnjxS:
            result = .single(FloatSemantics.signInject(unbox(f1), unbox(f2), op: op))
        case .fsgnjD, .fsgnjnD, .fsgnjxD:
            result = .double(FloatSemantics.signInject(f1, f2, op: op))
        case .fminS, .fmaxS:
            result = .single(FloatSemantics.minMax(Float(bitPattern: unbox(f1)), Float(bitPattern: unbox(f2)),
                                                   max: op == .fmaxS, flags: &flags).bitPattern)
        case .fminD, .fmaxD:
            result = .double(FloatSemantics.minMax(Double(bitPattern: f1), Double(bitPattern: f2),
                                                   max: op == .fmaxD, flags: &flags).bitPattern)
        case .feqS, .fltS, .fleS:
            result = .integer(FloatSemantics.compare(Float(bitPattern: unbox(f1)), Float(bitPattern: unbox(f2)),
                                                     op: op, flags: &flags))
        case .feqD, .fltD, .fleD:
            result = .integer(FloatSemantics.compare(Double(bitPattern: f1), Double(bitPattern: f2),
                                                     op: op, flags: &flags))
        case .fclassS: result = .integer(FloatSemantics.classify(Float(bitPattern: unbox(f1))))
        case .fclassD: result = .integer(FloatSemantics.classify(Double(bitPattern: f1)))
        case .fmvXW: result = .integer(UInt32(truncatingIfNeeded: f1))  // the raw low bits, boxed or not
        case .fmvWX: result = .single(x1)
        case .fcvtWS, .fcvtWuS: result = .integer(emu_f32_to_int(unbox(f1), op == .fcvtWuS ? 1 : 0, rm, &flags))
        case .fcvtWD, .fcvtWuD: result = .integer(emu_f64_to_int(f1, op == .fcvtWuD ? 1 : 0, rm, &flags))
        case .fcvtSW, .fcvtSWu: result = .single(emu_f32_from_int(x1, op == .fcvtSWu ? 1 : 0, rm, &flags))
        case .fcvtDW, .fcvtDWu: result = .double(emu_f64_from_int(x1, op == .fcvtDWu ? 1 : 0))
        case .fcvtSD: result = .single(emu_f32_from_f64(f1, rm, &flags))
        case .fcvtDS: result = .double(emu_f64_from_f32(unbox(f1), &flags))
        default: return illegalInstruction()
        }
        switch result {
        case .single(let bits):
            hart.setFloatRegister(Int(inst.rd), FloatSemantics.box(bits))
            csrs.markFloatDirty()
        case .double(let bits):
            hart.setFloatRegister(Int(inst.rd), bits)
            csrs.markFloatDirty()
        case .integer(let value):
            hart[Int(inst.rd)] = value
        }
        if flags != 0 {
            hart.fcsr |= flags
            csrs.markFloatDirty()
        }
        return .next(next)
    }

    /// The single-precision value in an f register: the low half when NaN-boxed, else the
    /// canonical NaN.
    private func unbox(_ bits: UInt64) -> UInt32 { FloatSemantics.unbox(bits) }

    private func arithmeticCode(_ op: Opcode) -> Int32 {
        switch op {
        case .faddS, .faddD: Int32(EMU_FP_ADD)
        case .fsubS, .fsubD: Int32(EMU_FP_SUB)
        case .fmulS, .fmulD: Int32(EMU_FP_MUL)
        default: Int32(EMU_FP_DIV)
        }
    }

    /// Which operands of a*b+c a fused form negates: fmsub -(c), fnmsub -(a*b),
    /// fnmadd both. Negating before one rounding is exact, so it equals the spec's forms.
    private func fusedSigns(_ op: Opcode) -> (product: Bool, addend: Bool) {
        switch op {
        case .fmsubS, .fmsubD: (false, true)
        case .fnmsubS, .fnmsubD: (true, false)
        case .fnmaddS, .fnmaddD: (true, true)
        default: (false, false)
        }
    }

    /// flw / fld: a single is NaN-boxed into its register.
    private func floatLoad(double: Bool) -> SlowResult {
        let address = x1 &+ imm
        let width: UInt32 = double ? 8 : 4
        let physical: UInt32
        switch machine.dataAddress(address, width: width, .load, pc: pc) {
        case .success(let translated): physical = translated
        case .failure(let fault): return .stop(.trap(fault))
        }
        guard let host = machine.memory.loadPointer(physical, count: width) else {
            return trap(.loadAccessFault, address)
        }
        let value = double ? host.loadUnaligned(as: UInt64.self) : FloatSemantics.box(host.loadUnaligned(as: UInt32.self))
        machine.hart.setFloatRegister(Int(inst.rd), value)
        machine.csrs.markFloatDirty()
        return .next(next)
    }

    /// fsw / fsd: fsw stores the low 32 bits as they are (no unboxing, spec: "FSW ... does
    /// not modify the bits being transferred"); fsd goes as two words through the checked store.
    private func floatStore(double: Bool) -> SlowResult {
        let address = x1 &+ imm
        let value = machine.hart.floatRegister(Int(inst.rs2))
        let physical: UInt32
        switch machine.dataAddress(address, width: double ? 8 : 4, .store, pc: pc) {
        case .success(let translated): physical = translated
        case .failure(let fault): return .stop(.trap(fault))
        }
        if double {
            guard machine.memory.check(physical, count: 8, has: [.write]) else {
                return trap(.storeAccessFault, address)
            }
        }
        if var fault = machine.memory.storeSlow(physical, width: 4, value: UInt32(truncatingIfNeeded: value), pc: pc) {
            fault.value = address  // tval is the virtual address (§3.1.16)
            return .stop(.trap(fault))
        }
        if double,
            var fault = machine.memory.storeSlow(physical &+ 4, width: 4, value: UInt32(truncatingIfNeeded: value >> 32), pc: pc)
        {
            fault.value = address &+ 4
            return .stop(.trap(fault))
        }
        machine.reservation = nil
        return .next(next)
    }
}

/// What an FP instruction produces: a single (to be NaN-boxed), a double, or an x value.
private enum FloatResult {
    case single(UInt32)
    case double(UInt64)
    case integer(UInt32)
}
