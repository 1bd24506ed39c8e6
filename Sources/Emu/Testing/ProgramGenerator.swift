import Decoder

/// Writes random but valid RV32IMAC programs from a seed, for differential testing against
/// another emulator (see ``GeneratedProgram`` for the program's shape and output).
///
/// Every program is well-defined on any conforming RV32 Linux emulator: memory accesses
/// stay in the scratch area (through `s0` and `sp`, which the body never writes, or a
/// register just loaded with an aligned scratch address for atomics); control flow only
/// goes forward, so every program ends; between an `lr.w` and its `sc.w` only register
/// arithmetic runs, so the outcome of `sc.w` does not depend on how an implementation
/// tracks reservations (the spec leaves that open for intervening stores).
public struct ProgramGenerator: Sendable {
    /// What to generate.
    public struct Options: Sendable, Equatable {
        /// Items in the body (an item is one to six instructions).
        public var length: Int
        /// Emit M instructions.
        public var multiply: Bool
        /// Emit A instructions.
        public var atomics: Bool
        /// Use 16-bit encodings where one exists (about half of the time).
        public var compressed: Bool
        /// Emit Zba/Zbb/Zbc/Zbs instructions (one item in six). Off by default, so that the
        /// programs of the existing seeds (and the fuzz corpus) stay the same.
        public var bitManip: Bool
        /// Emit F and D instructions (one item in two), with f0–f31 seeded from a palette of
        /// special and random values and the FP state in the output. Off by default, like
        /// `bitManip`.
        public var floatingPoint: Bool

        /// Creates options; by default RV32IMAC (everything but Zb* and F/D), 60 items.
        public init(length: Int = 60, multiply: Bool = true, atomics: Bool = true, compressed: Bool = true,
                    bitManip: Bool = false, floatingPoint: Bool = false) {
            self.length = length
            self.multiply = multiply
            self.atomics = atomics
            self.compressed = compressed
            self.bitManip = bitManip
            self.floatingPoint = floatingPoint
        }
    }

    /// The options.
    public var options: Options

    /// Creates a generator.
    public init(options: Options = Options()) { self.options = options }

    /// Registers the body may write: everything but `sp` (x2) and `s0` (x8), the scratch
    /// pointers. x0 is included: writes to it must be discarded.
    static let writable: [UInt8] = (0..<32).map(UInt8.init).filter { $0 != 2 && $0 != 8 }
    /// Writable registers that the 3-bit fields of compressed forms can name.
    static let writableShort: [UInt8] = [9, 10, 11, 12, 13, 14, 15]

    /// The program for `seed`.
    public func program(seed: UInt64) -> GeneratedProgram {
        var random = SplitMix64(seed: seed)
        let registers = (0..<32).map { $0 == 0 ? 0 : random.value() }
        var scratch = (0..<Int(GeneratedProgram.scratchSize)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var floatRoundingMode: UInt8?
        if options.floatingPoint {
            for slot in 0..<32 {
                let value = random.floatValue()
                for byte in 0..<8 { scratch[slot * 8 + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
            }
            floatRoundingMode = UInt8(random.below(5))
        }
        var items: [GeneratedProgram.Item] = []
        for index in 0..<options.length {
            items.append(item(at: index, of: options.length, &random))
        }
        return GeneratedProgram(seed: seed, registers: registers, scratch: scratch, items: items,
                                floatRoundingMode: floatRoundingMode)
    }

    // MARK: - Items

    private func item(at index: Int, of count: Int, _ random: inout SplitMix64) -> GeneratedProgram.Item {
        // Prefer operand shapes that have a compressed form part of the time, so that the
        // RVC decoder is exercised broadly, not only where random operands happen to fit.
        let shaped = options.compressed && random.chance(1, in: 2)
        func single(_ inst: Instruction) -> GeneratedProgram.Item {
            .init([inst], compressed: [options.compressed && random.chance(2, in: 3)])
        }
        func forwardTarget(_ reach: Int) -> Int { index + 1 + random.below(min(reach, count - index)) }
        func rd() -> UInt8 { shaped ? random.pick(Self.writableShort) : random.pick(Self.writable) }
        func rs() -> UInt8 { UInt8(random.below(32)) }

        // Drawn only when enabled, so that programs without Zb* are the ones they always were.
        if options.bitManip && random.chance(1, in: 6) { return single(bitManipInstruction(&random)) }
        if options.floatingPoint && random.chance(1, in: 2) { return single(floatInstruction(shaped: shaped, &random)) }
        var choices = 27
        if options.atomics { choices += 5 }
        var roll = random.below(choices)
        if !options.multiply && roll < 3 { roll = 3 }
        switch roll {
        case 0..<3:  // M
            let op = random.pick([Opcode.mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu])
            return single(Instruction(op, rd: random.pick(Self.writable), rs1: rs(), rs2: rs()))
        case 3..<7:  // register-register
            let op = random.pick([Opcode.add, .sub, .sll, .slt, .sltu, .xor, .srl, .sra, .or, .and])
            if shaped {
                let target = random.pick(Self.writableShort)
                switch op {
                case .add: return single(Instruction(.add, rd: rd(), rs1: random.chance(1, in: 2) ? 0 : target, rs2: UInt8(random.range(1...31))))
                case .sub, .xor, .or, .and: return single(Instruction(op, rd: target, rs1: target, rs2: UInt8(random.range(8...15))))
                default: break
                }
            }
            return single(Instruction(op, rd: rd(), rs1: rs(), rs2: rs()))
        case 7..<11:  // register-immediate
            let op = random.pick([Opcode.addi, .slti, .sltiu, .xori, .ori, .andi, .slli, .srli, .srai])
            let isShift = op == .slli || op == .srli || op == .srai
            let imm = isShift ? random.range(0...31) : shaped ? random.range(-32...31) : random.range(-2048...2047)
            if shaped && (op == .addi || op == .andi || isShift) {
                let target = random.pick(Self.writableShort)
                if op == .addi && random.chance(1, in: 3) {  // c.li, or c.addi4spn from sp
                    return random.chance(1, in: 2)
                        ? single(Instruction(.addi, rd: rd(), rs1: 0, imm: imm))
                        : single(Instruction(.addi, rd: target, rs1: 2, imm: random.range(1...255) * 4))
                }
                return single(Instruction(op, rd: target, rs1: target, imm: imm))
            }
            return single(Instruction(op, rd: rd(), rs1: rs(), imm: imm))
        case 11..<13:  // lui / auipc
            let op: Opcode = random.chance(1, in: 2) ? .lui : .auipc
            let upper = shaped && op == .lui ? random.range(-32...31) : random.range(-524288...524287)
            return single(Instruction(op, rd: rd(), imm: upper << 12))
        case 13..<17:  // loads
            let op = random.pick([Opcode.lb, .lh, .lw, .lbu, .lhu])
            let (base, imm) = address(width: op == .lw ? 4 : (op == .lh || op == .lhu) ? 2 : 1, shaped: shaped && op == .lw, &random)
            let dest: UInt8 = shaped && op == .lw && base == 8 ? random.pick(Self.writableShort) : random.pick(Self.writable)
            return single(Instruction(op, rd: dest, rs1: base, imm: imm))
        case 17..<21:  // stores
            let op = random.pick([Opcode.sb, .sh, .sw])
            let (base, imm) = address(width: op == .sw ? 4 : op == .sh ? 2 : 1, shaped: shaped && op == .sw, &random)
            let source: UInt8 = shaped && base == 8 ? UInt8(random.range(8...15)) : rs()
            return single(Instruction(op, rs1: base, rs2: source, imm: imm))
        case 21..<24:  // conditional branch, forward
            var op = random.pick([Opcode.beq, .bne, .blt, .bge, .bltu, .bgeu])
            var (left, right) = (rs(), rs())
            if shaped { op = random.chance(1, in: 2) ? .beq : .bne; left = UInt8(random.range(8...15)); right = 0 }
            return .init([Instruction(op, rs1: left, rs2: right)], compressed: [shaped || random.chance(1, in: 2)],
                         fixup: .init(target: forwardTarget(6), instruction: 0, relativeTo: 0))
        case 24..<25:  // jal, forward
            let link: UInt8 = shaped ? random.pick([0, 1]) : random.pick(Self.writable)
            return .init([Instruction(.jal, rd: link)], compressed: [shaped || random.chance(1, in: 2)],
                         fixup: .init(target: forwardTarget(4), instruction: 0, relativeTo: 0))
        case 25..<27:  // jalr, forward: auipc t, 0 then either jalr rd, off(t) or addi t, t, off; jalr rd, 0(t)
            let temp = random.pick(Self.writable.filter { $0 != 0 })
            let link: UInt8 = shaped ? random.pick([0, 1]) : random.pick(Self.writable)
            // An odd offset checks that jalr clears bit 0 of the target.
            let addend: Int32 = random.chance(1, in: 4) ? 1 : 0
            let target = forwardTarget(4)
            if random.chance(1, in: 2) {
                return .init([Instruction(.auipc, rd: temp), Instruction(.jalr, rd: link, rs1: temp)],
                             compressed: [false, false],
                             fixup: .init(target: target, instruction: 1, relativeTo: 0, addend: addend))
            }
            return .init([Instruction(.auipc, rd: temp), Instruction(.addi, rd: temp, rs1: temp),
                          Instruction(.jalr, rd: link, rs1: temp)],
                         compressed: [false, random.chance(1, in: 2), true],
                         fixup: .init(target: target, instruction: 1, relativeTo: 0, addend: addend))
        case 27..<30:  // AMO on an aligned scratch word
            let temp = random.pick(Self.writable.filter { $0 != 0 })
            let op = random.pick([Opcode.amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW, .amomaxuW])
            let offset = random.range(-512...511) * 4
            return .init([Instruction(.addi, rd: temp, rs1: 8, imm: offset),
                          Instruction(op, rd: random.pick(Self.writable), rs1: temp, rs2: rs(), imm: random.range(0...3))],
                         compressed: [false, false])
        default:  // lr.w, a little register arithmetic, sc.w (usually to the same word)
            let temp = random.pick(Self.writable.filter { $0 != 0 })
            let offset = random.range(-511...509) * 4  // room for the neighbour word
            var code = [Instruction(.addi, rd: temp, rs1: 8, imm: offset),
                        Instruction(.lrW, rd: random.pick(Self.writable.filter { $0 != temp }), rs1: temp, imm: random.range(0...3))]
            for _ in 0..<random.below(3) {
                let dest = random.pick(Self.writable.filter { $0 != temp })
                code.append(Instruction(random.pick([Opcode.add, .xor, .sub]), rd: dest, rs1: rs(), rs2: rs()))
            }
            var scAddress = temp
            if random.chance(1, in: 5) {  // an SC to another word fails on every implementation
                scAddress = random.pick(Self.writable.filter { $0 != 0 && $0 != temp })
                code.append(Instruction(.addi, rd: scAddress, rs1: 8, imm: offset + random.pick([-4, 4, 8])))
            }
            code.append(Instruction(.scW, rd: random.pick(Self.writable), rs1: scAddress, rs2: rs(), imm: random.range(0...3)))
            return .init(code, compressed: code.map { _ in false })
        }
    }

    /// One Zba/Zbb/Zbc/Zbs instruction with random operands (none has a compressed form).
    private func bitManipInstruction(_ random: inout SplitMix64) -> Instruction {
        let rd = random.pick(Self.writable), rs1 = UInt8(random.below(32)), rs2 = UInt8(random.below(32))
        switch random.below(3) {
        case 0:
            let op = random.pick([Opcode.sh1add, .sh2add, .sh3add, .andn, .orn, .xnor, .max, .maxu, .min, .minu,
                                  .rol, .ror, .clmul, .clmulh, .clmulr, .bset, .bclr, .binv, .bext])
            return Instruction(op, rd: rd, rs1: rs1, rs2: rs2)
        case 1:
            let op = random.pick([Opcode.clz, .ctz, .cpop, .sextB, .sextH, .zextH, .orcB, .rev8])
            return Instruction(op, rd: rd, rs1: rs1)
        default:
            let op = random.pick([Opcode.rori, .bseti, .bclri, .binvi, .bexti])
            return Instruction(op, rd: rd, rs1: rs1, imm: random.range(0...31))
        }
    }

    /// One F or D instruction with random operands. Rounding modes are the five static ones
    /// and dynamic; `frm` is only ever set to 0...4 (a reserved dynamic mode would make the
    /// program end in SIGILL). Loads and stores stay in the scratch area, naturally aligned;
    /// `shaped` picks operands that the compressed FP loads and stores can hold.
    private func floatInstruction(shaped: Bool, _ random: inout SplitMix64) -> Instruction {
        func f() -> UInt8 { UInt8(random.below(32)) }
        func x() -> UInt8 { UInt8(random.below(32)) }
        let rd = random.pick(Self.writable)
        let rm = random.pick([0, 1, 2, 3, 4, 7, 7, 7] as [Int32])
        switch random.below(12) {
        case 0:
            let op = random.pick([Opcode.faddS, .fsubS, .fmulS, .fdivS, .faddD, .fsubD, .fmulD, .fdivD])
            return Instruction(op, rd: f(), rs1: f(), rs2: f(), imm: rm)
        case 1:
            let op = random.pick([Opcode.fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .fmaddD, .fmsubD, .fnmsubD, .fnmaddD])
            return Instruction(op, rd: f(), rs1: f(), rs2: f(), imm: Int32(f()) << 3 | rm)
        case 2:
            return Instruction(random.pick([Opcode.fsqrtS, .fsqrtD]), rd: f(), rs1: f(), imm: rm)
        case 3:
            let op = random.pick([Opcode.fsgnjS, .fsgnjnS, .fsgnjxS, .fminS, .fmaxS, .fsgnjD, .fsgnjnD, .fsgnjxD, .fminD, .fmaxD])
            return Instruction(op, rd: f(), rs1: f(), rs2: f())
        case 4:
            let op = random.pick([Opcode.feqS, .fltS, .fleS, .feqD, .fltD, .fleD])
            return Instruction(op, rd: rd, rs1: f(), rs2: f())
        case 5:
            return Instruction(random.pick([Opcode.fclassS, .fclassD, .fmvXW]), rd: rd, rs1: f())
        case 6:
            let op = random.pick([Opcode.fmvWX, .fcvtSW, .fcvtSWu, .fcvtDW, .fcvtDWu])
            let exact = op == .fcvtDW || op == .fcvtDWu
            // objdump 2.40 knows the exact conversions only with rm = 000; qemu accepts any.
            return Instruction(op, rd: f(), rs1: x(), imm: op == .fmvWX ? 0 : exact ? random.pick([0, rm]) : rm)
        case 7:
            let op = random.pick([Opcode.fcvtWS, .fcvtWuS, .fcvtWD, .fcvtWuD])
            return Instruction(op, rd: rd, rs1: f(), imm: rm)
        case 8:
            return random.chance(1, in: 2)
                ? Instruction(.fcvtSD, rd: f(), rs1: f(), imm: rm) : Instruction(.fcvtDS, rd: f(), rs1: f(), imm: random.pick([0, rm]))
        case 9, 10:
            let double = random.chance(1, in: 2)
            let width: Int32 = double ? 8 : 4
            var (base, offset) = address(width: width, shaped: false, &random)
            var register = f()
            if shaped {  // c.fld/c.flw from s0 (f8-f15), or c.fldsp/c.flwsp from sp
                base = random.chance(1, in: 3) ? 2 : 8
                offset = random.range(0...(base == 2 ? 63 : 31)) * width
                if base == 8 { register = UInt8(random.range(8...15)) }
            }
            // Naturally aligned (address() may pick a misaligned one); its lowest offsets are
            // multiples of 8, so rounding down stays inside the scratch area.
            offset &= ~(width - 1)
            let (baseRegister, finalOffset) = (base, offset)
            if random.chance(1, in: 2) {
                return Instruction(double ? .fld : .flw, rd: register, rs1: baseRegister, imm: finalOffset)
            }
            return Instruction(double ? .fsd : .fsw, rs1: baseRegister, rs2: register, imm: finalOffset)
        default:
            switch random.below(5) {
            case 0: return Instruction(.csrrwi, rd: rd, rs1: UInt8(random.below(5)), imm: 0x002)  // fsrmi
            case 1: return Instruction(.csrrs, rd: rd, rs1: 0, imm: Int32(random.range(1...3)))  // frflags, frrm, frcsr
            case 2: return Instruction(.csrrw, rd: rd, rs1: x(), imm: 0x001)  // fsflags
            case 3: return Instruction(.csrrci, rd: rd, rs1: UInt8(random.below(32)), imm: 0x001)
            default: return Instruction(.csrrsi, rd: rd, rs1: UInt8(random.below(32)), imm: 0x001)
            }
        }
    }

    /// A base register (`s0` or `sp`) and an offset that keep a `width`-byte access inside
    /// the scratch area; `shaped` picks offsets that `c.lw`/`c.sw`/`c.lwsp`/`c.swsp` can hold.
    private func address(width: Int32, shaped: Bool, _ random: inout SplitMix64) -> (UInt8, Int32) {
        let useSP = random.chance(1, in: 3)
        if shaped { return (useSP ? 2 : 8, random.range(0...(useSP ? 63 : 31)) * 4) }
        let base = useSP ? GeneratedProgram.spValue : GeneratedProgram.s0Value
        let low = max(-2048, Int32(bitPattern: GeneratedProgram.scratchBase &- base))
        let high = min(2047, Int32(bitPattern: GeneratedProgram.scratchBase &+ GeneratedProgram.scratchSize &- base)) - width
        // Mostly naturally aligned; sometimes misaligned, which RV32 Linux emulates.
        var offset = random.range(low...high)
        if random.chance(3, in: 4) { offset &= ~(width - 1) }
        if offset < low { offset += width }
        return (useSP ? 2 : 8, offset)
    }
}

/// The draws the program generator needs on top of the plain generator.
extension SplitMix64 {
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    mutating func range(_ range: ClosedRange<Int32>) -> Int32 {
        range.lowerBound &+ Int32(truncatingIfNeeded: below(Int(range.upperBound) - Int(range.lowerBound) + 1))
    }

    /// An f register's 64 bits: special values of both formats (NaN-boxed singles), values
    /// with random mantissas near 1 (where the rounding modes differ), small integers,
    /// small multiples of the smallest subnormal and values at the bottom of the normal
    /// range (where products and quotients round at exact ties below the smallest
    /// normal), unboxed singles and random bits.
    mutating func floatValue() -> UInt64 {
        func box(_ bits: UInt32) -> UInt64 { 0xFFFF_FFFF_0000_0000 | UInt64(bits) }
        let sign = UInt64(below(2)) << 63
        switch below(11) {
        case 0, 1:
            return pick([0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x3FE0_0000_0000_0000,
                         0x4004_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000, 0x000F_FFFF_FFFF_FFFF,
                         0x0000_0000_0000_0001, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000,
                         0x7FF8_0000_0000_1234, 0x7FF0_0000_0000_0001, 0x41E0_0000_0000_0000, 0xC1E0_0000_0010_0000,
                         0x41EF_FFFF_FFF0_0000, 0x41DF_FFFF_FFE0_0000, 0x3FF0_0000_1000_0000, 0x4330_0000_0000_0001])
        case 2, 3:
            return box(pick([0, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x3F00_0000, 0x4020_0000, 0x7F7F_FFFF, 0x0080_0000,
                             0x007F_FFFF, 0x0000_0001, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7FC1_2345, 0x7F80_0001,
                             0x4F00_0000, 0xCF00_0000, 0x4F80_0000, 0x4B80_0001, 0x3380_0000]))
        case 4:
            let exponent = UInt64(1023 + Int(range(-40...40)))
            return sign | exponent << 52 | next() & 0x000F_FFFF_FFFF_FFFF
        case 5:
            let exponent = UInt32(127 + Int(range(-20...20)))
            return box(UInt32(truncatingIfNeeded: sign >> 32) | exponent << 23 | UInt32(truncatingIfNeeded: next()) & 0x7F_FFFF)
        case 6: return next()
        case 7: return box(UInt32(truncatingIfNeeded: next()))
        case 8: return next() & 0x7FFF_FFFF_FFFF_FFFF  // not NaN-boxed (the top bit clear)
        case 9:
            let multiple = UInt64(1 + below(9))
            if random01() { return sign | multiple }  // k x 2^-1074
            if random01() { return box(UInt32(truncatingIfNeeded: sign >> 32) | UInt32(multiple)) }  // k x 2^-149
            return sign | UInt64(1 + below(3)) << 52 | multiple  // the lowest normal binades
        default:
            let integer = Double(range(-100...100)) / Double(pick([1, 2, 4, 3] as [Int32]))
            return random01() ? integer.bitPattern : box(Float(integer).bitPattern)
        }
    }

    private mutating func random01() -> Bool { below(2) == 1 }

    /// A register value: mostly the edge cases of signed and unsigned arithmetic.
    mutating func value() -> UInt32 {
        switch below(8) {
        case 0: return UInt32(bitPattern: range(-40...40))
        case 1: return pick([0, 1, 2, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFF, 0xFFFF_FFFE, 31, 32, 0xFFFF, 0x1_0000])
        case 2: return UInt32(truncatingIfNeeded: next()) & 0xFFFF_F800
        case 3: return GeneratedProgram.scratchBase &+ UInt32(below(Int(GeneratedProgram.scratchSize)))
        default: return UInt32(truncatingIfNeeded: next())
        }
    }
}
