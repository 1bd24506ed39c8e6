import Decoder

/// A random test program made by ``ProgramGenerator``: the initial register values and
/// scratch bytes, and a body of items between a fixed prologue and epilogue.
///
/// The program is position-dependent (linked at ``codeBase``) and talks to its host only
/// through two Linux system calls, so emu and any other RV32 Linux emulator must print
/// the same bytes for it:
/// - the prologue loads every register with its seeded value (`sp` and `s0` get pointers
///   into the scratch area, and the body never writes them);
/// - the body runs forward only: branches and jumps go to a later item or to the epilogue;
/// - the epilogue stores x0–x31 below the scratch area and writes that dump and the whole
///   scratch area (``outputSize`` bytes) to standard output, then exits with status 0.
public struct GeneratedProgram: Sendable, Equatable {
    /// Where the code is linked.
    public static let codeBase: UInt32 = 0x0001_0000
    /// The data segment: the register dump (32 words), then the scratch area.
    public static let dumpBase: UInt32 = 0x0002_0000
    /// The first byte of the scratch area that loads, stores and atomics use.
    public static let scratchBase: UInt32 = dumpBase + 128
    /// Bytes of scratch area.
    public static let scratchSize: UInt32 = 4096
    /// What `s0` (x8) holds: the middle of the scratch area, so that every 12-bit offset
    /// from it stays inside.
    public static let s0Value: UInt32 = scratchBase + 2048
    /// What `sp` (x2) holds: a quarter into the scratch area, so that `c.lwsp`/`c.swsp`
    /// offsets (0...252) and the epilogue's negative offsets to the dump both fit.
    public static let spValue: UInt32 = scratchBase + 1024
    /// Bytes the epilogue writes to standard output: the register dump and the scratch area.
    public static let outputSize = Int(128 + scratchSize)

    /// A branch or jump offset to patch once addresses are known.
    public struct Fixup: Sendable, Equatable {
        /// The item the transfer goes to (`items.count` is the epilogue).
        public var target: Int
        /// The instruction (within the item) whose immediate receives the offset.
        public var instruction: Int
        /// The instruction (within the item) whose address the offset is taken from.
        public var relativeTo: Int
        /// Added to the offset (an odd `jalr` offset tests that bit 0 is cleared).
        public var addend: Int32

        /// Creates a fixup.
        public init(target: Int, instruction: Int, relativeTo: Int, addend: Int32 = 0) {
            self.target = target
            self.instruction = instruction
            self.relativeTo = relativeTo
            self.addend = addend
        }
    }

    /// A unit of the body that runs whole or not at all: nothing jumps into its middle, and
    /// shrinking removes it whole (an `auipc`/`jalr` pair, an `lr.w`...`sc.w` sequence).
    public struct Item: Sendable, Equatable {
        /// The instructions, with their immediates (a fixed-up one is patched at assembly).
        public var instructions: [Instruction]
        /// Whether each instruction should use its 16-bit encoding (when it has one).
        public var compressed: [Bool]
        /// The item's control transfer, if it has one.
        public var fixup: Fixup?

        /// Creates an item.
        public init(_ instructions: [Instruction], compressed: [Bool], fixup: Fixup? = nil) {
            self.instructions = instructions
            self.compressed = compressed
            self.fixup = fixup
        }
    }

    /// The seed it was generated from (0 for hand-made programs).
    public var seed: UInt64
    /// x0...x31 as the prologue sets them (x0 is ignored).
    public var registers: [UInt32]
    /// The initial contents of the scratch area (`scratchSize` bytes).
    public var scratch: [UInt8]
    /// The body.
    public var items: [Item]
    /// For a program with F and D: the `frm` the prologue sets (0...4). Such a program's
    /// prologue also loads f0...f31 from the first 256 bytes of the scratch area, and its
    /// epilogue stores them back there and `fcsr` after them (scratch bytes 256..<260), so
    /// that the output compares the FP state too. nil: no FP state is touched.
    public var floatRoundingMode: UInt8?

    /// Creates a program.
    public init(seed: UInt64, registers: [UInt32], scratch: [UInt8], items: [Item], floatRoundingMode: UInt8? = nil) {
        self.seed = seed
        self.registers = registers
        self.scratch = scratch
        self.items = items
        self.floatRoundingMode = floatRoundingMode
    }

    /// The offset from `s0` of scratch byte 0, where f0's saved value lives.
    static let floatSaveOffset = Int32(bitPattern: scratchBase &- s0Value)

    /// The same program without the items at `removed`; transfers that went to a removed
    /// item go to the next item that remains (they stay forward).
    public func removing(_ removed: Set<Int>) -> GeneratedProgram {
        var newIndex: [Int] = []
        var next = 0
        for index in 0...items.count {
            newIndex.append(next)
            if index < items.count && !removed.contains(index) { next += 1 }
        }
        var result = self
        result.items = []
        for (index, item) in items.enumerated() where !removed.contains(index) {
            var copy = item
            if let fixup = item.fixup { copy.fixup?.target = newIndex[fixup.target] }
            result.items.append(copy)
        }
        return result
    }

    /// The body's instruction count.
    public var bodyInstructionCount: Int { items.reduce(0) { $0 + $1.instructions.count } }

    // MARK: - Assembly

    /// One assembled instruction: its address, its encoding and its decoded value.
    public struct Placed: Sendable, Equatable {
        /// Its address.
        public var address: UInt32
        /// The bits (16 significant bits when compressed).
        public var bits: UInt32
        /// The instruction as the decoder reads the bits back.
        public var decoded: Instruction
        /// Whether it belongs to the body (false for the prologue and epilogue).
        public var isBody: Bool
    }

    /// Errors assembling a program.
    public enum AssemblyError: Error, Equatable, CustomStringConvertible {
        /// An instruction has no encoding (operands out of range).
        case unencodable(Instruction)
        public var description: String {
            switch self {
            case .unencodable(let inst): return "cannot encode \(inst.opcode) rd=\(inst.rd) rs1=\(inst.rs1) rs2=\(inst.rs2) imm=\(inst.imm)"
            }
        }
    }

    /// Loads `value` into `register` with `lui`+`addi` (or `addi` alone when it fits).
    static func loadImmediate(_ register: UInt8, _ value: UInt32) -> [Instruction] {
        let signed = Int32(bitPattern: value)
        if (-2048...2047).contains(signed) { return [Instruction(.addi, rd: register, imm: signed)] }
        // addi sign-extends its 12 bits, so the upper part is rounded up when bit 11 is set.
        let low = Int32(bitPattern: value << 20) >> 20
        let high = Int32(bitPattern: value &- UInt32(bitPattern: low))
        return [Instruction(.lui, rd: register, imm: high), Instruction(.addi, rd: register, rs1: register, imm: low)]
    }

    /// The prologue: every register but x0 gets its value, `sp` and `s0` their pointers.
    var prologue: [Instruction] {
        var code: [Instruction] = []
        for register in 1..<32 {
            let value: UInt32 =
                register == 2 ? Self.spValue : register == 8 ? Self.s0Value : (register < registers.count ? registers[register] : 0)
            code += Self.loadImmediate(UInt8(register), value)
        }
        if let frm = floatRoundingMode {
            for register in 0..<32 {
                code.append(Instruction(.fld, rd: UInt8(register), rs1: 8, imm: Self.floatSaveOffset + Int32(register) * 8))
            }
            code.append(Instruction(.csrrwi, rd: 0, rs1: frm & 7, imm: 0x002))  // fsrmi frm
        }
        return code
    }

    /// The epilogue: dump x0–x31 (through `sp`, which still holds `spValue`), write the dump
    /// and the scratch area to fd 1, exit(0).
    /// With FP state, f0–f31 and then `fcsr` (through t0, already dumped) go to the start
    /// of the scratch area first.
    var epilogue: [Instruction] {
        var code: [Instruction] = []
        let dumpOffset = Int32(bitPattern: Self.dumpBase &- Self.spValue)
        for register in 0..<32 {
            code.append(Instruction(.sw, rs1: 2, rs2: UInt8(register), imm: dumpOffset + Int32(register) * 4))
        }
        if floatRoundingMode != nil {
            for register in 0..<32 {
                code.append(Instruction(.fsd, rs1: 8, rs2: UInt8(register), imm: Self.floatSaveOffset + Int32(register) * 8))
            }
            code.append(Instruction(.csrrs, rd: 5, rs1: 0, imm: 0x003))  // frcsr t0
            code.append(Instruction(.sw, rs1: 8, rs2: 5, imm: Self.floatSaveOffset + 256))
        }
        code += Self.loadImmediate(10, 1)  // a0 = stdout
        code += Self.loadImmediate(11, Self.dumpBase)  // a1 = buffer
        code += Self.loadImmediate(12, UInt32(Self.outputSize))  // a2 = length
        code += Self.loadImmediate(17, 64)  // a7 = write
        code.append(Instruction(.ecall))
        code += Self.loadImmediate(10, 0)
        code += Self.loadImmediate(17, 93)  // exit
        code.append(Instruction(.ecall))
        return code
    }

    /// Lays the program out at ``codeBase`` and encodes it.
    ///
    /// A transfer marked compressed whose final offset has no 16-bit form is widened, and
    /// the layout redone; this only ever widens, so it ends.
    public func assemble() throws(AssemblyError) -> [Placed] {
        let prologue = self.prologue
        var compressed = items.map { item in
            item.instructions.indices.map { index in
                index < item.compressed.count && item.compressed[index]
                    && (item.fixup?.instruction == index || encodeCompressed(item.instructions[index]) != nil)
            }
        }
        while true {
            // Addresses of every body instruction, and of each item's start.
            var address = Self.codeBase &+ UInt32(prologue.count * 4)
            var addresses: [[UInt32]] = []
            var itemStarts: [UInt32] = []
            for (itemIndex, item) in items.enumerated() {
                itemStarts.append(address)
                var inner: [UInt32] = []
                for index in item.instructions.indices {
                    inner.append(address)
                    address &+= compressed[itemIndex][index] ? 2 : 4
                }
                addresses.append(inner)
            }
            itemStarts.append(address)  // the epilogue

            var placed: [Placed] = []
            for (index, inst) in prologue.enumerated() {
                placed.append(try Self.place(inst, at: Self.codeBase &+ UInt32(index * 4), compressed: false, body: false))
            }
            var widened = false
            for (itemIndex, item) in items.enumerated() {
                for (index, original) in item.instructions.enumerated() {
                    var inst = original
                    if let fixup = item.fixup, fixup.instruction == index {
                        let target = itemStarts[min(fixup.target, items.count)]
                        inst.imm = Int32(bitPattern: target &- addresses[itemIndex][fixup.relativeTo]) &+ fixup.addend
                    }
                    if compressed[itemIndex][index] && encodeCompressed(inst) == nil {
                        compressed[itemIndex][index] = false
                        widened = true
                    }
                    placed.append(
                        try Self.place(inst, at: addresses[itemIndex][index], compressed: compressed[itemIndex][index], body: true))
                }
            }
            if widened { continue }
            for inst in epilogue {
                placed.append(try Self.place(inst, at: address, compressed: false, body: false))
                address &+= 4
            }
            return placed
        }
    }

    private static func place(_ inst: Instruction, at address: UInt32, compressed: Bool, body: Bool) throws(AssemblyError) -> Placed {
        if compressed, let half = encodeCompressed(inst) {
            return Placed(address: address, bits: UInt32(half), decoded: decodeCompressed(half), isBody: body)
        }
        guard let word = encode(inst) else { throw .unencodable(inst) }
        return Placed(address: address, bits: word, decoded: decode(word), isBody: body)
    }

    /// The program as a static ELF executable.
    public func elf() throws(AssemblyError) -> [UInt8] {
        let placed = try assemble()
        var code: [UInt8] = []
        for instruction in placed {
            code.append(UInt8(truncatingIfNeeded: instruction.bits))
            code.append(UInt8(truncatingIfNeeded: instruction.bits >> 8))
            if !instruction.decoded.isCompressed {
                code.append(UInt8(truncatingIfNeeded: instruction.bits >> 16))
                code.append(UInt8(truncatingIfNeeded: instruction.bits >> 24))
            }
        }
        var data = [UInt8](repeating: 0, count: 128)
        data += scratch.prefix(Int(Self.scratchSize))
        data += [UInt8](repeating: 0, count: Int(Self.scratchSize) - min(scratch.count, Int(Self.scratchSize)))
        let usesCompressed = placed.contains { $0.decoded.isCompressed }
        let writer = ELFWriter(
            entry: Self.codeBase,
            segments: [
                .init(vaddr: Self.codeBase, bytes: code, permissions: [.read, .execute]),
                .init(vaddr: Self.dumpBase, bytes: data, permissions: [.read, .write]),
            ],
            symbols: [
                .init(name: "_start", value: Self.codeBase, kind: .function),
                .init(name: "scratch", value: Self.scratchBase, size: Self.scratchSize, kind: .object),
            ],
            flags: .init(rawValue: usesCompressed ? 1 : 0))  // EF_RISCV_RVC
        return writer.write()
    }

    /// The body as objdump-style lines (`address: bits  text`), one item's instructions
    /// after another; the prologue and epilogue are summarised.
    public func listing() throws(AssemblyError) -> String {
        let placed = try assemble()
        var text = "# seed \(seed): prologue sets x1..x31 (sp=\(hex(Self.spValue)), s0=\(hex(Self.s0Value)))\n"
        for (register, value) in registers.enumerated() where register != 0 && register != 2 && register != 8 {
            text += "#   \(abiRegisterNames[register]) = \(hex(value))\n"
        }
        for instruction in placed where instruction.isBody {
            let bits = instruction.decoded.isCompressed
                ? hex(instruction.bits, digits: 4) + "    " : hex(instruction.bits, digits: 8)
            text += "\(String(instruction.address, radix: 16)):\t\(bits)\t\(disassemble(instruction.decoded, pc: instruction.address))\n"
        }
        let epilogueStart = placed.first { !$0.isBody && $0.address > Self.codeBase && $0.decoded.opcode == .sw }?.address ?? 0
        text += "\(String(epilogueStart, radix: 16)):\t<epilogue: dump registers and scratch, write, exit>\n"
        return text
    }

    private func hex(_ value: UInt32, digits: Int = 8) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
