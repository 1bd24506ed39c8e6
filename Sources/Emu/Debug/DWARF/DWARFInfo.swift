/// The entries of `.debug_info` (DWARF 2 to 5), every unit read into one flat list in
/// section order, each entry knowing its parent: the tree the debugger walks for
/// functions, variables and types.
public struct DWARFInfo: Sendable {
    /// The sections the entries refer to.
    public struct Sections: Sendable {
        public var info: [UInt8] = []
        public var abbrev: [UInt8] = []
        public var str: [UInt8] = []
        public var lineStr: [UInt8] = []
        public var strOffsets: [UInt8] = []
        public var addr: [UInt8] = []

        public init() {}
    }

    public private(set) var entries: [DWARFEntry] = []
    /// Entry index by `.debug_info` offset.
    public private(set) var indexByOffset: [Int: Int] = [:]

    /// The most entries read: bounds the work of a hostile section (each entry takes at
    /// least one byte, so a real one never comes near).
    static let maxEntries = 2_000_000
    /// The deepest nesting accepted.
    static let maxDepth = 256

    public init(sections: Sections) throws(DWARFError) {
        var cursor = DWARFCursor(sections.info, section: ".debug_info")
        while !cursor.isAtEnd {
            let unitStart = cursor.offset
            let end = try cursor.unitEnd()
            var unit = cursor
            unit.end = end
            cursor.offset = end
            try readUnit(&unit, start: unitStart, sections: sections)
        }
    }

    /// The entry at `.debug_info` offset `offset`.
    public func entry(at offset: Int) -> DWARFEntry? { indexByOffset[offset].map { entries[$0] } }

    /// The indexes of the direct children of entry `index`.
    public func children(of index: Int) -> [Int] {
        var result: [Int] = []
        let depth = entries[index].depth
        var next = index + 1
        while next < entries.count, entries[next].depth > depth, entries[next].unit == entries[index].unit {
            if entries[next].parent == index { result.append(next) }
            next += 1
        }
        return result
    }

    private mutating func readUnit(_ unit: inout DWARFCursor, start: Int, sections: Sections) throws(DWARFError) {
        let version = Int(try unit.u16())
        guard (2...5).contains(version) else { throw unit.malformed("unit version \(version) is not supported") }
        let abbrevOffset: Int
        var addressSize: Int
        if version >= 5 {
            let unitType = try unit.u8()
            addressSize = Int(try unit.u8())
            abbrevOffset = Int(try unit.u32())
            // Skeleton and split units carry a DWO id; type units a signature and offset.
            switch unitType {
            case 0x04, 0x05: try unit.skip(8)  // DW_UT_skeleton, DW_UT_split_compile
            case 0x02, 0x06: try unit.skip(12)  // DW_UT_type, DW_UT_split_type
            default: break
            }
        } else {
            abbrevOffset = Int(try unit.u32())
            addressSize = Int(try unit.u8())
        }
        guard addressSize == 4 || addressSize == 8 else { throw unit.malformed("address size \(addressSize)") }
        let abbreviations = try DWARFAbbreviations(section: sections.abbrev, offset: abbrevOffset)
        var context = FormContext(version: version, addressSize: addressSize, unitStart: start, sections: sections)
        var parents: [Int] = []
        var unitIndex = entries.count
        while !unit.isAtEnd {
            let offset = unit.offset
            let code = try unit.uleb()
            if code == 0 {
                // The end of a sibling chain.
                if !parents.isEmpty { parents.removeLast() }
                continue
            }
            guard let declaration = abbreviations.declarations[code] else {
                throw unit.malformed("abbreviation code \(code) is not declared")
            }
            guard entries.count < Self.maxEntries else { throw unit.malformed("more than \(Self.maxEntries) entries") }
            var attributes: [UInt64: DWARFEntry.Value] = [:]
            for attribute in declaration.attributes {
                if let value = try context.read(form: attribute.form, implicit: attribute.implicit, from: &unit) {
                    attributes[attribute.name] = value
                }
            }
            let index = entries.count
            if parents.isEmpty && declaration.tag == DWARFConstant.compileUnit || entries.count == unitIndex {
                unitIndex = index
                // Bases for the index forms (DWARF 5), read from the unit's own entry.
                if let base = attributes[DWARFConstant.strOffsetsBase]?.number { context.strOffsetsBase = Int(clamping: min(max(base, 0), Int64(Int32.max))) }
                if let base = attributes[DWARFConstant.addrBase]?.number { context.addrBase = Int(clamping: min(max(base, 0), Int64(Int32.max))) }
                attributes = try context.resolveIndexes(attributes)
            } else if context.hasIndexForms {
                attributes = try context.resolveIndexes(attributes)
            }
            entries.append(
                DWARFEntry(offset: offset, tag: declaration.tag, depth: parents.count, parent: parents.last, unit: unitIndex,
                           attributes: attributes))
            indexByOffset[offset] = index
            if declaration.hasChildren {
                guard parents.count < Self.maxDepth else { throw unit.malformed("entries nested too deep") }
                parents.append(index)
            }
        }
    }
}

/// How one unit's attribute forms are read (DWARF 5 §7.5.6).
struct FormContext {
    let version: Int
    let addressSize: Int
    let unitStart: Int
    let sections: DWARFInfo.Sections
    var strOffsetsBase = 8
    var addrBase = 8
    /// Whether a strx/addrx form was seen (their values wait for the unit's bases).
    private(set) var hasIndexForms = false

    /// Reads one attribute value; nil for forms whose value the debugger does not use.
    /// (A reference is only looked up, never indexed with: wrapping sums are safe.)
    mutating func read(form: UInt64, implicit: Int64, from cursor: inout DWARFCursor) throws(DWARFError) -> DWARFEntry.Value? {
        switch form {
        case 0x01: return .address(UInt32(truncatingIfNeeded: try cursor.unsigned(size: addressSize)))  // addr
        case 0x03: return .block(try cursor.range(Int(try cursor.u16())))  // block2
        case 0x04: return .block(try cursor.range(Int(try cursor.u32())))  // block4
        case 0x05: return .unsigned(UInt64(try cursor.u16()))  // data2
        case 0x06: return .unsigned(UInt64(try cursor.u32()))  // data4
        case 0x07: return .unsigned(try cursor.u64())  // data8
        case 0x08: return .string(try cursor.cString())  // string
        case 0x09, 0x18: return .block(try cursor.range(try cursor.ulebInt()))  // block, exprloc
        case 0x0A: return .block(try cursor.range(Int(try cursor.u8())))  // block1
        case 0x0B: return .unsigned(UInt64(try cursor.u8()))  // data1
        case 0x0C: return .flag(try cursor.u8() != 0)  // flag
        case 0x0D: return .signed(try cursor.sleb())  // sdata
        case 0x0E: return .string(try DWARFCursor.string(in: sections.str, at: UInt64(try cursor.u32()), section: ".debug_str"))
        case 0x0F: return .unsigned(try cursor.uleb())  // udata
        case 0x10:  // ref_addr: an offset in the whole section (address-sized in DWARF 2)
            return .reference(Int(clamping: try cursor.unsigned(size: version == 2 ? addressSize : 4)))
        case 0x11: return .reference(unitStart &+ Int(try cursor.u8()))
        case 0x12: return .reference(unitStart &+ Int(try cursor.u16()))
        case 0x13: return .reference(unitStart &+ Int(try cursor.u32()))
        case 0x14: return .reference(unitStart &+ Int(clamping: try cursor.u64() & 0xFFFF_FFFF))
        case 0x15: return .reference(unitStart &+ (try cursor.ulebInt()))
        case 0x16:  // indirect: the form comes first
            let actual = try cursor.uleb()
            guard actual != 0x16 else { throw cursor.malformed("DW_FORM_indirect of itself") }
            return try read(form: actual, implicit: implicit, from: &cursor)
        case 0x17: return .unsigned(UInt64(try cursor.u32()))  // sec_offset
        case 0x19: return .flag(true)  // flag_present
        case 0x1A: return stringIndex(try cursor.uleb())  // strx
        case 0x1B: return addressIndex(try cursor.uleb())  // addrx
        case 0x1C: try cursor.skip(4); return nil  // ref_sup4
        case 0x1D: try cursor.skip(4); return nil  // strp_sup
        case 0x1E: try cursor.skip(16); return nil  // data16
        case 0x1F:  // line_strp
            return .string(try DWARFCursor.string(in: sections.lineStr, at: UInt64(try cursor.u32()), section: ".debug_line_str"))
        case 0x20: try cursor.skip(8); return nil  // ref_sig8
        case 0x21: return .signed(implicit)  // implicit_const
        case 0x22, 0x23: return .unsigned(try cursor.uleb())  // loclistx, rnglistx
        case 0x24: try cursor.skip(8); return nil  // ref_sup8
        case 0x25: return stringIndex(UInt64(try cursor.u8()))
        case 0x26: return stringIndex(UInt64(try cursor.u16()))
        case 0x27: return stringIndex(try cursor.threeBytes())
        case 0x28: return stringIndex(UInt64(try cursor.u32()))
        case 0x29: return addressIndex(UInt64(try cursor.u8()))
        case 0x2A: return addressIndex(UInt64(try cursor.u16()))
        case 0x2B: return addressIndex(try cursor.threeBytes())
        case 0x2C: return addressIndex(UInt64(try cursor.u32()))
        default: throw cursor.malformed("unknown attribute form 0x\(String(form, radix: 16))")
        }
    }

    private mutating func stringIndex(_ index: UInt64) -> DWARFEntry.Value {
        hasIndexForms = true
        return .stringIndex(index)
    }

    private mutating func addressIndex(_ index: UInt64) -> DWARFEntry.Value {
        hasIndexForms = true
        return .addressIndex(index)
    }

    /// Replaces the markers of strx and addrx values with the strings and addresses they
    /// index (through .debug_str_offsets and .debug_addr, from the unit's bases).
    func resolveIndexes(_ attributes: [UInt64: DWARFEntry.Value]) throws(DWARFError) -> [UInt64: DWARFEntry.Value] {
        guard hasIndexForms else { return attributes }
        var result = attributes
        for (name, value) in attributes {
            switch value {
            case .stringIndex(let index):
                guard index < UInt64(sections.strOffsets.count) else { throw .truncated(section: ".debug_str_offsets", offset: 0) }
                var cursor = DWARFCursor(sections.strOffsets, section: ".debug_str_offsets",
                                         offset: strOffsetsBase + Int(index) * 4)
                let offset = try cursor.u32()
                result[name] = .string(try DWARFCursor.string(in: sections.str, at: UInt64(offset), section: ".debug_str"))
            case .addressIndex(let index):
                guard index < UInt64(sections.addr.count) else { throw .truncated(section: ".debug_addr", offset: 0) }
                var cursor = DWARFCursor(sections.addr, section: ".debug_addr", offset: addrBase + Int(index) * addressSize)
                result[name] = .address(UInt32(truncatingIfNeeded: try cursor.unsigned(size: addressSize)))
            default: break
            }
        }
        return result
    }
}
