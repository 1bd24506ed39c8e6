extension Opcode {
    /// The extension that defines this operation.
    ///
    /// `.illegal` reports `.i`: it is not an instruction of any extension, and it traps
    /// whatever subset is enabled, so restricting by extension never needs to see it.
    public var isaExtension: ISAExtension {
        switch self {
        case .illegal: return .i
        case .lui, .auipc, .jal, .jalr, .beq, .bne, .blt, .bge, .bltu, .bgeu,
            .lb, .lh, .lw, .lbu, .lhu, .sb, .sh, .sw,
            .addi, .slti, .sltiu, .xori, .ori, .andi, .slli, .srli, .srai,
            .add, .sub, .sll, .slt, .sltu, .xor, .srl, .sra, .or, .and,
            .fence, .ecall, .ebreak:
            return .i
        case .fenceI: return .zifencei
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci: return .zicsr
        case .mret, .sret, .wfi, .sfenceVma: return .privileged
        case .mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu: return .m
        case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW,
            .amominW, .amomaxW, .amominuW, .amomaxuW:
            return .a
        case .sh1add, .sh2add, .sh3add, .andn, .orn, .xnor, .clz, .ctz, .cpop, .max, .maxu,
            .min, .minu, .sextB, .sextH, .zextH, .rol, .ror, .rori, .orcB, .rev8, .clmul,
            .clmulh, .clmulr, .bset, .bclr, .binv, .bext, .bseti, .bclri, .binvi, .bexti:
            return bitManipExtension ?? .i
        default:
            return floatExtension ?? .i
        }
    }
}
