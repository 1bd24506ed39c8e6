extension Opcode {
    /// The base mnemonic as the specification spells it (`"fence.i"`, `"amoadd.w"`,
    /// `"sfence.vma"`), without aliases; `"illegal"` for `.illegal`.
    public var mnemonic: String {
        switch self {
        case .illegal: return "illegal"
        case .lui: return "lui"
        case .auipc: return "auipc"
        case .jal: return "jal"
        case .jalr: return "jalr"
        case .beq: return "beq"
        case .bne: return "bne"
        case .blt: return "blt"
        case .bge: return "bge"
        case .bltu: return "bltu"
        case .bgeu: return "bgeu"
        case .lb: return "lb"
        case .lh: return "lh"
        case .lw: return "lw"
        case .lbu: return "lbu"
        case .lhu: return "lhu"
        case .sb: return "sb"
        case .sh: return "sh"
        case .sw: return "sw"
        case .addi: return "addi"
        case .slti: return "slti"
        case .sltiu: return "sltiu"
        case .xori: return "xori"
        case .ori: return "ori"
        case .andi: return "andi"
        case .slli: return "slli"
        case .srli: return "srli"
        case .srai: return "srai"
        case .add: return "add"
        case .sub: return "sub"
        case .sll: return "sll"
        case .slt: return "slt"
        case .sltu: return "sltu"
        case .xor: return "xor"
        case .srl: return "srl"
        case .sra: return "sra"
        case .or: return "or"
        case .and: return "and"
        case .fence: return "fence"
        case .ecall: return "ecall"
        case .ebreak: return "ebreak"
        case .fenceI: return "fence.i"
        case .csrrw: return "csrrw"
        case .csrrs: return "csrrs"
        case .csrrc: return "csrrc"
        case .csrrwi: return "csrrwi"
        case .csrrsi: return "csrrsi"
        case .csrrci: return "csrrci"
        case .mret: return "mret"
        case .sret: return "sret"
        case .wfi: return "wfi"
        case .sfenceVma: return "sfence.vma"
        case .mul: return "mul"
        case .mulh: return "mulh"
        case .mulhsu: return "mulhsu"
        case .mulhu: return "mulhu"
        case .div: return "div"
        case .divu: return "divu"
        case .rem: return "rem"
        case .remu: return "remu"
        case .lrW: return "lr.w"
        case .scW: return "sc.w"
        case .amoswapW: return "amoswap.w"
        case .amoaddW: return "amoadd.w"
        case .amoxorW: return "amoxor.w"
        case .amoandW: return "amoand.w"
        case .amoorW: return "amoor.w"
        case .amominW: return "amomin.w"
        case .amomaxW: return "amomax.w"
        case .amominuW: return "amominu.w"
        case .amomaxuW: return "amomaxu.w"
        case .sh1add, .sh2add, .sh3add, .andn, .orn, .xnor, .clz, .ctz, .cpop, .max, .maxu,
            .min, .minu, .sextB, .sextH, .zextH, .rol, .ror, .rori, .orcB, .rev8, .clmul,
            .clmulh, .clmulr, .bset, .bclr, .binv, .bext, .bseti, .bclri, .binvi, .bexti:
            return bitManipMnemonic ?? "illegal"
        default:
            return floatMnemonic ?? "illegal"
        }
    }

    /// Whether this is a conditional branch (B-type).
    public var isBranch: Bool {
        switch self {
        case .beq, .bne, .blt, .bge, .bltu, .bgeu: return true
        default: return false
        }
    }
}
