/// The line-number information of `.debug_line` (DWARF 2 to 5): for each compilation
/// unit, its file names and the rows its line program produces (DWARF 5 §6.2).
///
/// Rows are kept as the state machine emits them, end-of-sequence rows included, so that
/// they can be compared row for row with `objdump --dwarf=decodedline`; lookups by
/// address and by line go through `DWARFLineIndex`.
public struct DWARFLineTable: Sendable {
    /// One row of the line-number matrix.
    public struct Row: Sendable, Equatable {
        public var address: UInt32
        /// An index into `DWARFLineTable.files`.
        public var file: Int
        public var line: Int
        public var column: Int
        public var isStatement: Bool
        /// The row marks the first address after a sequence (its line means nothing).
        public var endSequence: Bool
    }

    /// A source file a line program names: its path as written (may be relative) and the
    /// directory it is relative to.
    public struct File: Sendable, Equatable {
        public var name: String
        public var directory: String

        /// The path to open: `name` when absolute, else `directory/name`.
        public var path: String {
            if name.hasPrefix("/") || directory.isEmpty || directory == "." { return name }
            return directory + "/" + name
        }
    }

    /// Every file of every unit (a unit's own file numbers are mapped into this list).
    public private(set) var files: [File] = []
    /// Every row, unit after unit.
    public private(set) var rows: [Row] = []

    /// The most rows kept: a line program cannot make more rows than it has bytes, and this
    /// bounds the work a hostile section costs.
    static let maxRows = 4_000_000

    /// Parses every unit of `section` (`.debug_line`); `lineStrings` is `.debug_line_str`
    /// and `strings` `.debug_str` (for DWARF 5's string forms).
    public init(section: [UInt8], lineStrings: [UInt8] = [], strings: [UInt8] = []) throws(DWARFError) {
        var cursor = DWARFCursor(section, section: ".debug_line")
        while !cursor.isAtEnd {
            let unitStart = cursor.offset
            try parseUnit(&cursor, lineStrings: lineStrings, strings: strings)
            guard cursor.offset > unitStart else { break }
        }
    }

    /// Parses one unit (header, then its line program) and moves `cursor` past it.
    private mutating func parseUnit(_ cursor: inout DWARFCursor, lineStrings: [UInt8], strings: [UInt8]) throws(DWARFError) {
        let end = try cursor.unitEnd()
        var unit = cursor
        unit.end = end
        cursor.offset = end
        let version = try unit.u16()
        guard (2...5).contains(version) else { throw unit.malformed("line table version \(version) is not supported") }
        if version >= 5 {
            _ = try unit.u8()  // address size (DW_LNE_set_address's operand says it too)
            _ = try unit.u8()  // segment selector size
        }
        let headerLength = Int(try unit.u32())
        let programStart = unit.offset + headerLength
        guard programStart <= end else { throw .truncated(section: ".debug_line", offset: unit.offset) }
        let minimumInstructionLength = Int(try unit.u8())
        if version >= 4 { _ = try unit.u8() }  // maximum operations per instruction (VLIW only)
        let defaultIsStatement = try unit.u8() != 0
        let lineBase = Int(Int8(bitPattern: try unit.u8()))
        let lineRange = Int(try unit.u8())
        let opcodeBase = Int(try unit.u8())
        guard lineRange > 0 else { throw unit.malformed("line_range is 0") }
        guard opcodeBase > 0 else { throw unit.malformed("opcode_base is 0") }
        var standardLengths: [Int] = []
        for _ in 1..<opcodeBase { standardLengths.append(Int(try unit.u8())) }

        // File numbers of this unit → indexes into `files`.
        var fileMap: [Int] = []
        if version >= 5 {
            let directories = try entries(&unit, lineStrings: lineStrings, strings: strings, directories: [])
            let directoryNames = directories.map(\.name)
            for file in try entries(&unit, lineStrings: lineStrings, strings: strings, directories: directoryNames) {
                fileMap.append(files.count)
                files.append(file)
            }
        } else {
            var directories = [""]  // directory 0: the compilation directory (not named here)
            while true {
                let name = try unit.cString()
                if name.isEmpty { break }
                directories.append(name)
            }
            fileMap.append(-1)  // DWARF 4 files count from 1
            while true {
                let name = try unit.cString()
                if name.isEmpty { break }
                let directory = try unit.ulebInt()
                _ = try unit.uleb()  // modification time
                _ = try unit.uleb()  // length
                fileMap.append(files.count)
                files.append(File(name: name, directory: directory < directories.count ? directories[directory] : ""))
            }
        }
        unit.offset = programStart
        try run(&unit, fileMap: &fileMap,
                minimumInstructionLength: minimumInstructionLength, defaultIsStatement: defaultIsStatement,
                lineBase: lineBase, lineRange: lineRange, opcodeBase: opcodeBase, standardLengths: standardLengths)
    }

    /// DWARF 5's directory or file-name entries: a format (content type and form pairs),
    /// then the entries.
    private func entries(
        _ unit: inout DWARFCursor, lineStrings: [UInt8], strings: [UInt8], directories: [String]
    ) throws(DWARFError) -> [File] {
        let formatCount = Int(try unit.u8())
        var format: [(type: UInt64, form: UInt64)] = []
        for _ in 0..<formatCount { format.append((try unit.uleb(), try unit.uleb())) }
        let count = try unit.ulebInt(limit: unit.remaining + 1)
        var result: [File] = []
        for _ in 0..<count {
            var file = File(name: "", directory: "")
            for (type, form) in format {
                var text: String?
                var number: UInt64?
                switch form {
                case 0x08: text = try unit.cString()  // DW_FORM_string
                case 0x1F: text = try DWARFCursor.string(in: lineStrings, at: UInt64(try unit.u32()), section: ".debug_line_str")
                case 0x0E: text = try DWARFCursor.string(in: strings, at: UInt64(try unit.u32()), section: ".debug_str")
                case 0x0B: number = UInt64(try unit.u8())
                case 0x05: number = UInt64(try unit.u16())
                case 0x06: number = UInt64(try unit.u32())
                case 0x07: number = try unit.u64()
                case 0x0F: number = try unit.uleb()
                case 0x1E: try unit.skip(16)  // DW_FORM_data16 (an MD5)
                case 0x09: try unit.skip(try unit.ulebInt())  // DW_FORM_block
                default: throw unit.malformed("form 0x\(String(form, radix: 16)) in a line table header")
                }
                switch type {
                case 1: file.name = text ?? ""  // DW_LNCT_path
                case 2:  // DW_LNCT_directory_index
                    if let number, number < UInt64(directories.count) { file.directory = directories[Int(number)] }
                default: break
                }
            }
            result.append(file)
        }
        return result
    }

    /// Runs one line program (§6.2.5) and appends its rows.
    private mutating func run(
        _ unit: inout DWARFCursor, fileMap: inout [Int], minimumInstructionLength: Int,
        defaultIsStatement: Bool, lineBase: Int, lineRange: Int, opcodeBase: Int, standardLengths: [Int]
    ) throws(DWARFError) {
        // The state machine's registers. Arithmetic wraps: a hostile program may overflow
        // them, which gives wrong rows, never a trap.
        var address: UInt32 = 0
        var file = 1
        var line = 1
        var column = 0
        var isStatement = defaultIsStatement
        func reset() {
            address = 0; file = 1; line = 1; column = 0; isStatement = defaultIsStatement
        }
        let step = UInt32(truncatingIfNeeded: minimumInstructionLength)
        func emit(end: Bool) throws(DWARFError) {
            guard rows.count < Self.maxRows else { throw unit.malformed("more than \(Self.maxRows) line rows") }
            let mapped = file >= 0 && file < fileMap.count ? fileMap[file] : -1
            rows.append(Row(address: address, file: mapped, line: line, column: column, isStatement: isStatement, endSequence: end))
        }
        while !unit.isAtEnd {
            let opcode = Int(try unit.u8())
            if opcode >= opcodeBase {
                let adjusted = opcode - opcodeBase
                address &+= UInt32(truncatingIfNeeded: adjusted / lineRange) &* step
                line &+= lineBase + adjusted % lineRange
                try emit(end: false)
                continue
            }
            switch opcode {
            case 0:  // extended
                let length = try unit.ulebInt()
                guard length > 0 else { continue }
                let next = unit.offset + length
                try unit.need(length)
                let sub = try unit.u8()
                switch sub {
                case 1:  // DW_LNE_end_sequence
                    try emit(end: true)
                    reset()
                case 2:  // DW_LNE_set_address
                    // The operand is as wide as the rest of the instruction (4 bytes on RV32).
                    if length - 1 == 4 || length - 1 == 8 {
                        address = UInt32(truncatingIfNeeded: try unit.unsigned(size: length - 1))
                    }
                case 3:  // DW_LNE_define_file (DWARF 2-4)
                    let name = try unit.cString()
                    fileMap.append(files.count)
                    files.append(File(name: name, directory: ""))
                case 4: break  // DW_LNE_set_discriminator
                default: break
                }
                unit.offset = next
            case 1: try emit(end: false)  // DW_LNS_copy
            case 2: address &+= UInt32(truncatingIfNeeded: try unit.uleb()) &* step  // advance_pc
            case 3: line &+= Int(truncatingIfNeeded: try unit.sleb())  // advance_line
            case 4: file = try unit.ulebInt()  // set_file
            case 5: column = try unit.ulebInt()  // set_column
            case 6: isStatement.toggle()  // negate_stmt
            case 7: break  // set_basic_block
            case 8: address &+= UInt32(truncatingIfNeeded: (255 - opcodeBase) / lineRange) &* step  // const_add_pc
            case 9: address &+= UInt32(try unit.u16())  // fixed_advance_pc
            case 10, 11: break  // prologue_end, epilogue_begin
            case 12: _ = try unit.uleb()  // set_isa
            default:
                // An opcode this reader does not know: its operand count is in the header.
                let operands = opcode - 1 < standardLengths.count ? standardLengths[opcode - 1] : 0
                for _ in 0..<operands { _ = try unit.uleb() }
            }
        }
    }
}
