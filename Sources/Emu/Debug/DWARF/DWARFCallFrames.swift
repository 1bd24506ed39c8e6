/// Call-frame information from `.debug_frame` or `.eh_frame` (DWARF 5 §6.4; the LSB's
/// .eh_frame encoding): for an address, how to find the caller's frame — the canonical
/// frame address (CFA) as a register plus an offset, and where each saved register is.
public struct DWARFCallFrames: Sendable {
    /// Where a register of the caller is kept.
    public enum RegisterRule: Sendable, Equatable {
        /// Saved in memory at CFA + offset.
        case offset(Int64)
        /// Its value is CFA + offset.
        case valueOffset(Int64)
        /// Held in another register.
        case register(Int)
        /// Not saved: lost.
        case undefined
    }

    /// The unwinding rules at one address.
    public struct Rules: Sendable, Equatable {
        public var cfaRegister: Int
        public var cfaOffset: Int64
        /// Registers not listed keep their value (the "same value" rule).
        public var registers: [Int: RegisterRule]
        public var returnAddressRegister: Int
    }

    struct CommonEntry {
        var codeAlignment: Int64
        var dataAlignment: Int64
        var returnAddressRegister: Int
        var pointerEncoding: UInt8
        var instructions: Range<Int>
    }

    struct FrameEntry {
        var start: UInt32
        var end: UInt32
        var common: Int
        var instructions: Range<Int>
    }

    let bytes: [UInt8]
    let name: String
    var commons: [CommonEntry] = []
    var frames: [FrameEntry] = []

    /// The most entries read (a hostile section could claim millions of tiny ones).
    static let maxEntries = 200_000

    /// Reads `section` (`.debug_frame`, or `.eh_frame` when `isEHFrame`, whose pointers
    /// may be relative to `sectionAddress`, its address in memory).
    public init(section: [UInt8], isEHFrame: Bool, sectionAddress: UInt32 = 0) throws(DWARFError) {
        bytes = section
        name = isEHFrame ? ".eh_frame" : ".debug_frame"
        var commonByOffset: [Int: Int] = [:]
        var cursor = DWARFCursor(section, section: name)
        var pending: [(offset: Int, pointer: Int, start: Int, end: Int)] = []
        while cursor.remaining >= 4 {
            let entryStart = cursor.offset
            let length = try cursor.u32()
            if length == 0 { if isEHFrame { break } else { continue } }  // .eh_frame's terminator
            guard length < 0xFFFF_FFF0 else { throw cursor.malformed("64-bit DWARF is not supported") }
            let bodyStart = cursor.offset
            let end = bodyStart + Int(length)
            guard end <= section.count else { throw .truncated(section: name, offset: entryStart) }
            guard commons.count + frames.count + pending.count < Self.maxEntries else { throw cursor.malformed("too many entries") }
            let id = try cursor.u32()
            let isCommon = isEHFrame ? id == 0 : id == 0xFFFF_FFFF
            if isCommon {
                var entry = cursor
                entry.end = end
                commonByOffset[entryStart] = commons.count
                commons.append(try Self.readCommon(&entry, isEHFrame: isEHFrame))
            } else {
                // .eh_frame's pointer is relative to itself; .debug_frame's is a section offset.
                let target = isEHFrame ? bodyStart - Int(id) : Int(id)
                pending.append((target, cursor.offset, cursor.offset, end))
            }
            cursor.offset = end
        }
        for frame in pending {
            guard let commonIndex = commonByOffset[frame.offset] else { continue }
            let common = commons[commonIndex]
            var entry = DWARFCursor(section, section: name, offset: frame.start, end: frame.end)
            let start = try Self.pointer(&entry, encoding: common.pointerEncoding, sectionAddress: sectionAddress, isEHFrame: isEHFrame)
            let size = try Self.pointer(&entry, encoding: common.pointerEncoding & 0x0F, sectionAddress: 0, isEHFrame: isEHFrame)
            if isEHFrame, commonAugmented(common) { try entry.skip(try entry.ulebInt()) }
            frames.append(FrameEntry(start: start, end: start &+ size, common: commonIndex, instructions: entry.offset..<frame.end))
        }
        frames.sort { $0.start < $1.start }
    }

    /// Whether FDEs of this CIE carry augmentation data (a "z" augmentation).
    private func commonAugmented(_ common: CommonEntry) -> Bool { common.pointerEncoding & 0x80 != 0 }

    private static func readCommon(_ entry: inout DWARFCursor, isEHFrame: Bool) throws(DWARFError) -> CommonEntry {
        let version = try entry.u8()
        guard [1, 3, 4].contains(version) else { throw entry.malformed("CIE version \(version)") }
        let augmentation = try entry.cString()
        if version == 4 {
            _ = try entry.u8()  // address size
            _ = try entry.u8()  // segment selector size
        }
        let codeAlignment = Int64(try entry.uleb() & 0xFFFF)
        let dataAlignment = try entry.sleb()
        let returnRegister = version == 1 ? Int(try entry.u8()) : try entry.ulebInt(limit: 4096)
        // Bit 7 (not a real encoding bit: DW_EH_PE_indirect is not allowed here) records
        // that FDEs carry augmentation data to skip.
        var encoding: UInt8 = 0
        if augmentation.hasPrefix("z") {
            let length = try entry.ulebInt()
            let dataEnd = entry.offset + length
            try entry.need(length)
            for letter in augmentation.dropFirst() {
                switch letter {
                case "R": encoding = try entry.u8()
                case "L": _ = try entry.u8()
                case "P":
                    let personality = try entry.u8()
                    _ = try pointer(&entry, encoding: personality & 0x7F, sectionAddress: 0, isEHFrame: true)
                case "S": break
                default: break
                }
            }
            entry.offset = dataEnd
            encoding = (encoding & 0x7F) | 0x80
        } else if !augmentation.isEmpty {
            throw entry.malformed("unknown augmentation \"\(augmentation)\"")
        }
        return CommonEntry(codeAlignment: codeAlignment, dataAlignment: dataAlignment, returnAddressRegister: returnRegister,
                           pointerEncoding: encoding, instructions: entry.offset..<entry.end)
    }

    /// A pointer in `encoding` (DW_EH_PE_*: the low nibble the format, bits 4-6 what it is
    /// relative to). `.debug_frame`'s are plain 4-byte addresses.
    private static func pointer(
        _ entry: inout DWARFCursor, encoding: UInt8, sectionAddress: UInt32, isEHFrame: Bool
    ) throws(DWARFError) -> UInt32 {
        guard isEHFrame else { return try entry.u32() }
        let place = sectionAddress &+ UInt32(truncatingIfNeeded: entry.offset)
        var value: UInt32
        switch encoding & 0x0F {
        case 0x00, 0x03, 0x0B: value = try entry.u32()  // absptr, udata4, sdata4
        case 0x01: value = UInt32(truncatingIfNeeded: try entry.uleb())
        case 0x09: value = UInt32(truncatingIfNeeded: try entry.sleb())
        case 0x02, 0x0A: value = UInt32(try entry.u16())
        case 0x04, 0x0C: value = UInt32(truncatingIfNeeded: try entry.u64())
        default: throw entry.malformed("pointer encoding 0x\(String(encoding, radix: 16))")
        }
        if encoding & 0x70 == 0x10 { value &+= place }  // DW_EH_PE_pcrel
        return value
    }

    /// The rules that hold just before the instruction at `address` runs; nil when no
    /// entry covers it.
    public func rules(at address: UInt32) throws(DWARFError) -> Rules? {
        guard let frame = frames.last(where: { $0.start <= address && address < $0.end }) else { return nil }
        let common = commons[frame.common]
        var rules = Rules(cfaRegister: 2, cfaOffset: 0, registers: [:], returnAddressRegister: common.returnAddressRegister)
        var initial = rules
        try execute(common.instructions, common: common, rules: &rules, initial: nil, location: frame.start, stopAt: nil)
        initial = rules
        try execute(frame.instructions, common: common, rules: &rules, initial: initial, location: frame.start, stopAt: address)
        return rules
    }

    /// The most instructions a CFA program may run (its bytes bound it anyway).
    static let maxInstructions = 100_000

    private func execute(
        _ program: Range<Int>, common: CommonEntry, rules: inout Rules, initial: Rules?, location start: UInt32, stopAt: UInt32?
    ) throws(DWARFError) {
        var cursor = DWARFCursor(bytes, section: name, offset: program.lowerBound, end: program.upperBound)
        var location = start
        var stack: [Rules] = []
        var executed = 0
        func advance(_ delta: UInt64) -> Bool {
            location &+= UInt32(truncatingIfNeeded: delta &* UInt64(bitPattern: common.codeAlignment))
            // The rules at `stopAt` are those before the first row past it.
            if let stopAt, location > stopAt { return true }
            return false
        }
        while !cursor.isAtEnd {
            executed += 1
            guard executed < Self.maxInstructions else { throw cursor.malformed("CFA program too long") }
            let opcode = try cursor.u8()
            let operand = Int(opcode & 0x3F)
            switch opcode >> 6 {
            case 1: if advance(UInt64(operand)) { return }  // DW_CFA_advance_loc
            case 2: rules.registers[operand] = .offset(Int64(try cursor.uleb() & 0xFFFF_FFFF) &* common.dataAlignment)
            case 3: rules.registers[operand] = initial?.registers[operand]  // DW_CFA_restore
            default:
                switch opcode {
                case 0x00: break  // nop
                case 0x01: location = try cursor.u32(); if let stopAt, location > stopAt { return }  // set_loc
                case 0x02: if advance(UInt64(try cursor.u8())) { return }
                case 0x03: if advance(UInt64(try cursor.u16())) { return }
                case 0x04: if advance(UInt64(try cursor.u32())) { return }
                case 0x05:  // offset_extended
                    let register = try cursor.ulebInt(limit: 4096)
                    rules.registers[register] = .offset(Int64(try cursor.uleb() & 0xFFFF_FFFF) &* common.dataAlignment)
                case 0x06: let register = try cursor.ulebInt(limit: 4096); rules.registers[register] = initial?.registers[register]
                case 0x07: rules.registers[try cursor.ulebInt(limit: 4096)] = .undefined
                case 0x08: rules.registers[try cursor.ulebInt(limit: 4096)] = nil  // same_value
                case 0x09:
                    let register = try cursor.ulebInt(limit: 4096)
                    rules.registers[register] = .register(try cursor.ulebInt(limit: 4096))
                case 0x0A:
                    guard stack.count < 64 else { throw cursor.malformed("remember_state nested too deep") }
                    stack.append(rules)
                case 0x0B:
                    guard let saved = stack.popLast() else { throw cursor.malformed("restore_state without remember_state") }
                    rules.registers = saved.registers
                    rules.cfaRegister = saved.cfaRegister
                    rules.cfaOffset = saved.cfaOffset
                case 0x0C:  // def_cfa
                    rules.cfaRegister = try cursor.ulebInt(limit: 4096)
                    rules.cfaOffset = Int64(try cursor.uleb() & 0xFFFF_FFFF)
                case 0x0D: rules.cfaRegister = try cursor.ulebInt(limit: 4096)
                case 0x0E: rules.cfaOffset = Int64(try cursor.uleb() & 0xFFFF_FFFF)
                case 0x0F: try cursor.skip(try cursor.ulebInt())  // def_cfa_expression: not evaluated
                case 0x10, 0x16:  // expression, val_expression: not evaluated
                    let register = try cursor.ulebInt(limit: 4096)
                    try cursor.skip(try cursor.ulebInt())
                    rules.registers[register] = .undefined
                case 0x11:  // offset_extended_sf
                    let register = try cursor.ulebInt(limit: 4096)
                    rules.registers[register] = .offset(try cursor.sleb() &* common.dataAlignment)
                case 0x12:  // def_cfa_sf
                    rules.cfaRegister = try cursor.ulebInt(limit: 4096)
                    rules.cfaOffset = try cursor.sleb() &* common.dataAlignment
                case 0x13: rules.cfaOffset = try cursor.sleb() &* common.dataAlignment  // def_cfa_offset_sf
                case 0x14:  // val_offset
                    let register = try cursor.ulebInt(limit: 4096)
                    rules.registers[register] = .valueOffset(Int64(try cursor.uleb() & 0xFFFF_FFFF) &* common.dataAlignment)
                case 0x15:
                    let register = try cursor.ulebInt(limit: 4096)
                    rules.registers[register] = .valueOffset(try cursor.sleb() &* common.dataAlignment)
                case 0x2E: _ = try cursor.uleb()  // GNU_args_size
                default: throw cursor.malformed("unknown CFA instruction 0x\(String(opcode, radix: 16))")
                }
            }
        }
    }
}
