/// One debugging information entry of `.debug_info`, with the attributes the debugger
/// uses decoded (the others are skipped while reading).
public struct DWARFEntry: Sendable {
    /// An attribute's value, as its form gives it.
    public enum Value: Sendable, Equatable {
        case unsigned(UInt64)
        case signed(Int64)
        case string(String)
        /// The offset in `.debug_info` of the entry referred to.
        case reference(Int)
        /// A block or expression: a range of `.debug_info`'s bytes.
        case block(Range<Int>)
        case flag(Bool)
        /// An address (DW_FORM_addr, or an index resolved through .debug_addr).
        case address(UInt32)
        /// DW_FORM_strx* and DW_FORM_addrx* before the unit's bases resolve them (only
        /// while a unit is read: `DWARFInfo` replaces them).
        case stringIndex(UInt64)
        case addressIndex(UInt64)

        /// The value as a number, when it is one.
        public var number: Int64? {
            switch self {
            case .unsigned(let value): Int64(truncatingIfNeeded: value)
            case .signed(let value): value
            case .address(let value): Int64(value)
            case .flag(let value): value ? 1 : 0
            default: nil
            }
        }
    }

    /// Offset of the entry in `.debug_info`.
    public let offset: Int
    public let tag: UInt64
    /// Nesting depth inside its unit (the unit's own entry is 0).
    public let depth: Int
    /// Index (in `DWARFInfo.entries`) of the parent entry, nil for a unit.
    public let parent: Int?
    /// Index of the compilation unit's entry this one belongs to.
    public let unit: Int
    public internal(set) var attributes: [UInt64: Value]

    public subscript(_ attribute: UInt64) -> Value? { attributes[attribute] }

    /// DW_AT_name, when it is a string.
    public var name: String? {
        if case .string(let text) = attributes[DWARFConstant.name] { return text }
        return nil
    }
}

/// The DWARF numbers the reader uses (DWARF 5 §7).
public enum DWARFConstant {
    // Tags.
    public static let arrayType: UInt64 = 0x01
    public static let enumerationType: UInt64 = 0x04
    public static let formalParameter: UInt64 = 0x05
    public static let lexicalBlock: UInt64 = 0x0B
    public static let member: UInt64 = 0x0D
    public static let pointerType: UInt64 = 0x0F
    public static let compileUnit: UInt64 = 0x11
    public static let structureType: UInt64 = 0x13
    public static let subroutineType: UInt64 = 0x15
    public static let typedef: UInt64 = 0x16
    public static let unionType: UInt64 = 0x17
    public static let subrangeType: UInt64 = 0x21
    public static let baseType: UInt64 = 0x24
    public static let constType: UInt64 = 0x26
    public static let enumerator: UInt64 = 0x28
    public static let subprogram: UInt64 = 0x2E
    public static let variable: UInt64 = 0x34
    public static let volatileType: UInt64 = 0x35
    public static let restrictType: UInt64 = 0x37
    // Attributes.
    public static let location: UInt64 = 0x02
    public static let name: UInt64 = 0x03
    public static let byteSize: UInt64 = 0x0B
    public static let stmtList: UInt64 = 0x10
    public static let lowPC: UInt64 = 0x11
    public static let highPC: UInt64 = 0x12
    public static let compDir: UInt64 = 0x1B
    public static let constValue: UInt64 = 0x1C
    public static let upperBound: UInt64 = 0x2F
    public static let count: UInt64 = 0x37
    public static let dataMemberLocation: UInt64 = 0x38
    public static let declLine: UInt64 = 0x3B
    public static let declaration: UInt64 = 0x3C
    public static let encoding: UInt64 = 0x3E
    public static let external: UInt64 = 0x3F
    public static let frameBase: UInt64 = 0x40
    public static let specification: UInt64 = 0x47
    public static let type: UInt64 = 0x49
    public static let abstractOrigin: UInt64 = 0x31
    public static let strOffsetsBase: UInt64 = 0x72
    public static let addrBase: UInt64 = 0x73
    // Base type encodings.
    public static let encodingBoolean: Int64 = 0x02
    public static let encodingFloat: Int64 = 0x04
    public static let encodingSigned: Int64 = 0x05
    public static let encodingSignedChar: Int64 = 0x06
    public static let encodingUnsigned: Int64 = 0x07
    public static let encodingUnsignedChar: Int64 = 0x08
}
