import Decoder

/// Turns a decoded `Instruction` at `pc` into a cache entry, specialising at decode time.
///
/// - Destination x0 becomes the sink register (or a `.nop` when the instruction has no
///   other effect), so fast handlers never test `rd == 0`.
/// - `lui`, `auipc` and `addi rd, x0, imm` become `.li` with the value computed now.
/// - Branch and `jal` targets are checked once here: a target outside the code or
///   misaligned for the ISA sends the instruction to `.slow`, which raises the fault if the
///   jump is taken; a valid one is stored as a distance in entries.
enum Lowering {
    static func lower(_ inst: Instruction, pc: UInt32, code: CodeCache, isa: ISASet) -> DecodedOp {
        let next: UInt8 = inst.isCompressed ? 1 : 2
        guard inst.opcode != .illegal, isa.allows(inst) else {
            return DecodedOp(.illegal, imm: Int32(bitPattern: inst.raw), next: next)
        }
        let rd = inst.rd == 0 ? Hart.sinkRegister : inst.rd
        let writesX0 = inst.rd == 0
        func op(_ handler: Handler) -> DecodedOp {
            // An ALU result written to x0 is discarded: the whole instruction is a no-op.
            if writesX0 { return DecodedOp(.nop, next: next) }
            return DecodedOp(handler, rd: rd, rs1: inst.rs1, rs2: inst.rs2, imm: inst.imm, next: next)
        }
        func li(_ value: UInt32) -> DecodedOp {
            if writesX0 { return DecodedOp(.nop, next: next) }
            return DecodedOp(.li, rd: rd, imm: Int32(bitPattern: value), next: next)
        }
        /// The distance to `target`'s entry in bytes of cache, when the target can be run
        /// from the cache.
        func distance(to target: UInt32) -> Int32? {
            let alignment: UInt32 = isa.c ? 2 : 4
            guard target % alignment == 0, code.contains(target) else { return nil }
            let entries = Int(code.index(of: target)) - Int(code.index(of: pc))
            return Int32(truncatingIfNeeded: entries * MemoryLayout<DecodedOp>.stride)
        }
        let branchTarget = pc &+ UInt32(bitPattern: inst.imm)
        let link = pc &+ UInt32(inst.length)
        switch inst.opcode {
        case .lui: return li(UInt32(bitPattern: inst.imm))
        case .auipc: return li(branchTarget)
        case .addi where inst.rs1 == 0: return li(UInt32(bitPattern: inst.imm))
        case .addi: return op(.addi)
        case .slti: return op(.slti)
        case .sltiu: return op(.sltiu)
        case .xori: return op(.xori)
        case .ori: return op(.ori)
        case .andi: return op(.andi)
        case .slli: return op(.slli)
        case .srli: return op(.srli)
        case .srai: return op(.srai)
        case .add: return op(.add)
        case .sub: return op(.sub)
        case .sll: return op(.sll)
        case .slt: return op(.slt)
        case .sltu: return op(.sltu)
        case .xor: return op(.xor)
        case .srl: return op(.srl)
        case .sra: return op(.sra)
        case .or: return op(.or)
        case .and: return op(.and)
        case .mul: return op(.mul)
        case .mulh: return op(.mulh)
        case .mulhsu: return op(.mulhsu)
        case .mulhu: return op(.mulhu)
        case .div: return op(.div)
        case .divu: return op(.divu)
        case .rem: return op(.rem)
        case .remu: return op(.remu)
        // Loads into x0 still access memory (and may fault), so they keep the sink register.
        case .lb: return DecodedOp(.lb, rd: rd, rs1: inst.rs1, imm: inst.imm, next: next)
        case .lh: return DecodedOp(.lh, rd: rd, rs1: inst.rs1, imm: inst.imm, next: next)
        case .lw: return DecodedOp(.lw, rd: rd, rs1: inst.rs1, imm: inst.imm, next: next)
        case .lbu: return DecodedOp(.lbu, rd: rd, rs1: inst.rs1, imm: inst.imm, next: next)
        case .lhu: return DecodedOp(.lhu, rd: rd, rs1: inst.rs1, imm: inst.imm, next: next)
        case .sb: return DecodedOp(.sb, rs1: inst.rs1, rs2: inst.rs2, imm: inst.imm, next: next)
        case .sh: return DecodedOp(.sh, rs1: inst.rs1, rs2: inst.rs2, imm: inst.imm, next: next)
        case .sw: return DecodedOp(.sw, rs1: inst.rs1, rs2: inst.rs2, imm: inst.imm, next: next)
        case .beq, .bne, .blt, .bge, .bltu, .bgeu:
            guard let distance = distance(to: branchTarget) else { return DecodedOp(.slow, next: next) }
            let handler: Handler =
                switch inst.opcode {
                case .beq: .beq
                case .bne: .bne
                case .blt: .blt
                case .bge: .bge
                case .bltu: .bltu
                default: .bgeu
                }
            return DecodedOp(handler, rs1: inst.rs1, rs2: inst.rs2, aux: distance, next: next)
        case .jal:
            guard let distance = distance(to: branchTarget) else { return DecodedOp(.slow, next: next) }
            return DecodedOp(.jal, rd: rd, imm: Int32(bitPattern: link), aux: distance, next: next)
        case .jalr:
            return DecodedOp(.jalr, rd: rd, rs1: inst.rs1, imm: inst.imm,
                             aux: Int32(bitPattern: link), next: next)
        case .fence: return DecodedOp(.nop, next: next)
        default: return DecodedOp(.slow, next: next)
        }
    }
}
