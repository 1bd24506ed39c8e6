import Decoder
import Emu
import Testing

/// The encoder against the decoder: random operands for every opcode (seeded), edge
/// values, rejection of out-of-range operands, and the compressed encoder over every
/// halfword.
@Suite("encode: round trips")
struct EncodeRoundTripTests {
    /// Random operands in the shape of `opcode`'s format (fields it does not have are 0).
    static func randomInstruction(_ op: Opcode, using rng: inout SplitMix64) -> Instruction {
        func r() -> UInt8 { UInt8.random(in: 0..<32, using: &rng) }
        func imm12() -> Int32 {
            // Half the time an edge value, so the extremes are always exercised.
            let edges: [Int32] = [-2048, 2047, -1, 0, 1]
            return Bool.random(using: &rng)
                ? edges.randomElement(using: &rng)! : Int32.random(in: -2048...2047, using: &rng)
        }
        switch op {
        case .illegal: return Instruction(.illegal)
        case .lui, .auipc:
            return Instruction(op, rd: r(), imm: Int32(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng) & 0xffff_f000))
        case .jal:
            return Instruction(op, rd: r(), imm: Int32.random(in: -(1 << 19)...((1 << 19) - 1), using: &rng) * 2)
        case .beq, .bne, .blt, .bge, .bltu, .bgeu:
            return Instruction(op, rs1: r(), rs2: r(), imm: Int32.random(in: -2048...2047, using: &rng) * 2)
        case .sb, .sh, .sw:
            return Instruction(op, rs1: r(), rs2: r(), imm: imm12())
        case .jalr, .lb, .lh, .lw, .lbu, .lhu, .addi, .slti, .sltiu, .xori, .ori, .andi:
            return Instruction(op, rd: r(), rs1: r(), imm: imm12())
        case .slli, .srli, .srai:
            return Instruction(op, rd: r(), rs1: r(), imm: Int32.random(in: 0...31, using: &rng))
        case .add, .sub, .sll, .slt, .sltu, .xor, .srl, .sra, .or, .and,
            .mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu:
            return Instruction(op, rd: r(), rs1: r(), rs2: r())
        case .fence:
            return Instruction(op, imm: Bool.random(using: &rng) ? 0x833 : Int32.random(in: 0...0xff, using: &rng))
        case .fenceI, .ecall, .ebreak, .mret, .sret, .wfi:
            return Instruction(op)
        case .sfenceVma:
            return Instruction(op, rs1: r(), rs2: r())
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            return Instruction(op, rd: r(), rs1: r(), imm: Int32.random(in: 0...0xfff, using: &rng))
        case .lrW:
            return Instruction(op, rd: r(), rs1: r(), imm: Int32.random(in: 0...3, using: &rng))
        case .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW,
            .amominW, .amomaxW, .amominuW, .amomaxuW:
            return Instruction(op, rd: r(), rs1: r(), rs2: r(), imm: Int32.random(in: 0...3, using: &rng))
        case .sh1add, .sh2add, .sh3add, .andn, .orn, .xnor, .max, .maxu, .min, .minu, .rol, .ror,
            .clmul, .clmulh, .clmulr, .bset, .bclr, .binv, .bext:
            return Instruction(op, rd: r(), rs1: r(), rs2: r())
        case .clz, .ctz, .cpop, .sextB, .sextH, .zextH, .orcB, .rev8:
            return Instruction(op, rd: r(), rs1: r())
        case .rori, .bseti, .bclri, .binvi, .bexti:
            return Instruction(op, rd: r(), rs1: r(), imm: Int32.random(in: 0...31, using: &rng))
        case .flw, .fld: return Instruction(op, rd: r(), rs1: r(), imm: imm12())
        case .fsw, .fsd: return Instruction(op, rs1: r(), rs2: r(), imm: imm12())
        default:  // F and D: rm in imm, and rs3 above it for the fused forms
            let rm = Int32.random(in: 0...7, using: &rng)
            switch op.floatSourceCount {
            case 3: return Instruction(op, rd: r(), rs1: r(), rs2: r(), imm: Int32(r()) << 3 | rm)
            case 2: return Instruction(op, rd: r(), rs1: r(), rs2: r(), imm: op.hasRoundingMode ? rm : 0)
            default: return Instruction(op, rd: r(), rs1: r(), imm: op.hasRoundingMode ? rm : 0)
            }
        }
    }

    /// `inst` with `raw` and `length` cleared, for comparing modulo those fields.
    static func operands(_ inst: Instruction) -> Instruction {
        var copy = inst
        copy.raw = 0
        copy.length = 4
        return copy
    }

    @Test("encode then decode gives the instruction back, for every opcode")
    func randomRoundTrips() throws {
        var rng = SplitMix64(seed: 0xE4C0DE)
        for op in Opcode.allCases where op != .illegal {
            for _ in 0..<500 {
                let inst = Self.randomInstruction(op, using: &rng)
                let word = try #require(encode(inst), "\(inst)")
                #expect(word & 3 == 3)
                let back = decode(word)
                #expect(Self.operands(back) == inst)
                #expect(back.raw == word && back.length == 4)
                // And through the compressed encoder when it finds a form.
                if let half = encodeCompressed(inst) {
                    let short = decodeCompressed(half)
                    #expect(Self.operands(short) == inst, "0x\(String(half, radix: 16))")
                    #expect(short.length == 2)
                }
            }
        }
    }

    @Test("operands an encoding cannot hold are rejected")
    func rejects() {
        let bad: [Instruction] = [
            Instruction(.illegal),
            Instruction(.addi, rd: 32),
            Instruction(.addi, rd: 1, rs1: 1, imm: 2048),
            Instruction(.addi, rd: 1, rs1: 1, imm: -2049),
            Instruction(.addi, rd: 1, rs1: 1, rs2: 3, imm: 1),  // addi has no rs2
            Instruction(.add, rd: 1, rs1: 1, rs2: 1, imm: 1),  // add has no imm
            Instruction(.sw, rd: 1, rs1: 2),  // stores have no rd
            Instruction(.beq, imm: 3),  // odd offset
            Instruction(.beq, imm: 4096),
            Instruction(.jal, imm: 1 << 20),
            Instruction(.jal, imm: 1),
            Instruction(.lui, rd: 1, imm: 0x123),  // low 12 bits must be zero
            Instruction(.slli, rd: 1, rs1: 1, imm: 32),
            Instruction(.srai, rd: 1, rs1: 1, imm: -1),
            Instruction(.csrrw, rd: 1, rs1: 1, imm: 0x1000),
            Instruction(.fence, imm: 0x1ff),  // fm = 0001
            Instruction(.fence, rd: 1, imm: 0xff),
            Instruction(.ecall, rd: 1),
            Instruction(.sfenceVma, rd: 1),
            Instruction(.lrW, rd: 1, rs1: 2, rs2: 3),
            Instruction(.amoaddW, rd: 1, rs1: 2, rs2: 3, imm: 4),
        ]
        for inst in bad {
            #expect(encode(inst) == nil, "\(inst)")
            #expect(encodeCompressed(inst) == nil, "\(inst)")
        }
    }

    @Test("every legal halfword re-encodes to a halfword with the same expansion")
    func compressedReencoding() throws {
        var encoded = 0
        for value in 0...0xffff {
            let inst = decodeCompressed(UInt16(value))
            guard inst.opcode != .illegal else { continue }
            let half = try #require(encodeCompressed(inst), "0x\(String(value, radix: 16))")
            #expect(Self.operands(decodeCompressed(half)) == Self.operands(inst))
            // The 32-bit form of the expansion decodes to the same operands too.
            let word = try #require(encode(inst))
            #expect(Self.operands(decode(word)) == Self.operands(inst))
            encoded += 1
        }
        #expect(encoded > 25_000)
    }

    @Test("the compressed encoder picks a form only where one exists")
    func compressedChoices() {
        #expect(encodeCompressed(Instruction(.addi, rd: 10, rs1: 10, imm: 1)) == 0x0505)  // c.addi a0,1
        #expect(encodeCompressed(Instruction(.addi, rd: 10, rs1: 0, imm: -32)) == 0x5501)  // c.li a0,-32
        #expect(encodeCompressed(Instruction(.addi, rd: 2, rs1: 2, imm: -512)) == 0x7101)  // c.addi16sp
        #expect(encodeCompressed(Instruction(.addi, rd: 15, rs1: 2, imm: 1020)) == 0x1ffc)  // c.addi4spn
        #expect(encodeCompressed(Instruction(.addi, rd: 16, rs1: 2, imm: 4)) == nil)  // a6 is not x8-x15
        #expect(encodeCompressed(Instruction(.lw, rd: 31, rs1: 2, imm: 252)) == 0x5ffe)  // c.lwsp
        #expect(encodeCompressed(Instruction(.lw, rd: 31, rs1: 2, imm: 256)) == nil)
        #expect(encodeCompressed(Instruction(.lw, rd: 0, rs1: 2, imm: 0)) == nil)  // reserved
        #expect(encodeCompressed(Instruction(.jal, rd: 1, imm: -2048)) == 0x3001)  // c.jal
        #expect(encodeCompressed(Instruction(.jal, rd: 5, imm: 0)) == nil)
        #expect(encodeCompressed(Instruction(.lui, rd: 2, imm: 4096)) == nil)  // sp: c.addi16sp's slot
        #expect(encodeCompressed(Instruction(.lui, rd: 5, imm: -4096)) == 0x72fd)
        #expect(encodeCompressed(Instruction(.jalr, rd: 0, rs1: 1)) == 0x8082)  // ret
        #expect(encodeCompressed(Instruction(.jalr, rd: 0, rs1: 1, imm: 4)) == nil)
        #expect(encodeCompressed(Instruction(.add, rd: 31, rs1: 0, rs2: 31)) == 0x8ffe)  // c.mv
        #expect(encodeCompressed(Instruction(.add, rd: 1, rs1: 2, rs2: 3)) == nil)
        #expect(encodeCompressed(Instruction(.ebreak)) == 0x9002)
        #expect(encodeCompressed(Instruction(.ecall)) == nil)
        #expect(encodeCompressed(Instruction(.mul, rd: 8, rs1: 8, rs2: 9)) == nil)
    }
}
