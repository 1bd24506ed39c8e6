/// What a program's DWARF says, for a source-level debugger: lines, functions, variables
/// and their types, and how to unwind the stack. Built from the ELF file's bytes; a
/// section that is missing leaves its part empty, and one that is malformed is reported in
/// `problems` (the rest still works).
public final class SourceDebugInfo: @unchecked Sendable {
    /// A function with code (a DW_TAG_subprogram with an address range).
    public struct Function: Sendable, Equatable {
        public let name: String
        public let lowPC: UInt32
        /// One past its last instruction.
        public let highPC: UInt32
        /// Its entry in `info.entries`.
        public let entry: Int

        public func contains(_ address: UInt32) -> Bool { lowPC <= address && address < highPC }
    }

    /// A variable or parameter with a location.
    public struct Variable: Sendable, Equatable {
        public let name: String
        public let entry: Int
        /// The `.debug_info` offset of its type entry (nil: no type given).
        public let type: Int?
        /// Its location expression (a range of `.debug_info`).
        public let location: Range<Int>?
        public let isParameter: Bool
    }

    public let lines: DWARFLineIndex?
    public let info: DWARFInfo?
    public let callFrames: DWARFCallFrames?
    /// Where the call-frame information came from (`.debug_frame` or `.eh_frame`), if any.
    public let callFrameSection: String?
    /// Functions sorted by address.
    public let functions: [Function]
    /// Variables at the top level of a unit (C's globals and file statics).
    public let globals: [Variable]
    /// What could not be read, one line per section.
    public let problems: [String]
    let infoBytes: [UInt8]

    /// Whether the program has line information.
    public var hasLines: Bool { !(lines?.spans.isEmpty ?? true) }

    public init(elfBytes: [UInt8]) {
        let sections = ELFSectionReader(bytes: elfBytes)
        var problems: [String] = []
        func bytes(_ name: String) -> [UInt8] { sections.section(name)?.bytes ?? [] }
        var lines: DWARFLineIndex?
        if let line = sections.section(".debug_line") {
            do {
                lines = DWARFLineIndex(
                    try DWARFLineTable(section: line.bytes, lineStrings: bytes(".debug_line_str"), strings: bytes(".debug_str")))
            } catch {
                problems.append("cannot read the line table: \(error)")
            }
        }
        self.lines = lines
        var info: DWARFInfo?
        var dwarfSections = DWARFInfo.Sections()
        dwarfSections.info = bytes(".debug_info")
        dwarfSections.abbrev = bytes(".debug_abbrev")
        dwarfSections.str = bytes(".debug_str")
        dwarfSections.lineStr = bytes(".debug_line_str")
        dwarfSections.strOffsets = bytes(".debug_str_offsets")
        dwarfSections.addr = bytes(".debug_addr")
        infoBytes = dwarfSections.info
        if !dwarfSections.info.isEmpty {
            do { info = try DWARFInfo(sections: dwarfSections) } catch { problems.append("cannot read .debug_info: \(error)") }
        }
        self.info = info
        var frames: DWARFCallFrames?
        var frameSection: String?
        if let section = sections.section(".debug_frame") {
            do {
                frames = try DWARFCallFrames(section: section.bytes, isEHFrame: false)
                frameSection = ".debug_frame"
            } catch { problems.append("cannot read .debug_frame: \(error)") }
        }
        if frames == nil, let section = sections.section(".eh_frame") {
            do {
                frames = try DWARFCallFrames(section: section.bytes, isEHFrame: true, sectionAddress: section.address)
                frameSection = ".eh_frame"
            } catch { problems.append("cannot read .eh_frame: \(error)") }
        }
        callFrames = frames
        callFrameSection = frameSection
        var functions: [Function] = []
        var globals: [Variable] = []
        if let info {
            for (index, entry) in info.entries.enumerated() {
                if entry.tag == DWARFConstant.subprogram, let low = entry[DWARFConstant.lowPC]?.number,
                    let high = entry[DWARFConstant.highPC]
                {
                    let lowPC = UInt32(truncatingIfNeeded: low)
                    // DWARF 4+: a constant high_pc is the length; an address is the end.
                    let highPC: UInt32
                    if case .address(let end) = high { highPC = end } else { highPC = lowPC &+ UInt32(truncatingIfNeeded: high.number ?? 0) }
                    guard highPC > lowPC else { continue }
                    let name = Self.name(of: index, in: info) ?? "??"
                    functions.append(Function(name: name, lowPC: lowPC, highPC: highPC, entry: index))
                }
                if entry.tag == DWARFConstant.variable, entry.depth == 1, let variable = Self.variable(index, in: info) {
                    globals.append(variable)
                }
            }
        }
        self.functions = functions.sorted { $0.lowPC < $1.lowPC }
        self.globals = globals
        self.problems = problems
    }

    /// An entry's name, following DW_AT_specification or DW_AT_abstract_origin (a few hops).
    static func name(of index: Int, in info: DWARFInfo) -> String? {
        var current = index
        for _ in 0..<4 {
            let entry = info.entries[current]
            if let name = entry.name { return name }
            guard case .reference(let offset) = entry[DWARFConstant.specification] ?? entry[DWARFConstant.abstractOrigin],
                let next = info.indexByOffset[offset]
            else { return nil }
            current = next
        }
        return nil
    }

    static func variable(_ index: Int, in info: DWARFInfo) -> Variable? {
        let entry = info.entries[index]
        guard let name = name(of: index, in: info) else { return nil }
        var type: Int?
        if case .reference(let offset) = entry[DWARFConstant.type] { type = offset }
        var location: Range<Int>?
        if case .block(let range) = entry[DWARFConstant.location] { location = range }
        // A declaration (an extern) has no location; its definition elsewhere has one.
        guard location != nil || entry[DWARFConstant.constValue] != nil else { return nil }
        return Variable(name: name, entry: index, type: type, location: location,
                        isParameter: entry.tag == DWARFConstant.formalParameter)
    }

    // MARK: - Lookups

    /// The function whose code holds `address`.
    public func function(containing address: UInt32) -> Function? {
        var low = 0, high = functions.count
        while low < high {
            let middle = (low + high) / 2
            if functions[middle].lowPC <= address { low = middle + 1 } else { high = middle }
        }
        // Functions do not nest in C, but a later low_pc may start inside an earlier range:
        // look back a few for the innermost that holds the address.
        var index = low - 1
        while index >= 0, low - index <= 8 {
            if functions[index].contains(address) { return functions[index] }
            index -= 1
        }
        return nil
    }

    /// The first statement of `function` on a line after its first: where its prologue
    /// ends (gdb's choice for `break FUNCTION` and for stepping into a call); nil when the
    /// line table has none.
    public func bodyStart(of function: Function) -> UInt32? {
        guard let spans = lines?.spans.filter({ function.contains($0.start) && $0.isStatement }), let first = spans.first else {
            return nil
        }
        return spans.first { $0.line != first.line && $0.start > function.lowPC }?.start
    }

    /// The function called `name`.
    public func function(named name: String) -> Function? { functions.first { $0.name == name } }

    /// The source location of `address`: file path and line.
    public func location(of address: UInt32) -> (path: String, line: Int)? {
        lines?.location(of: address).map { ($0.file.path, $0.line) }
    }

    /// The parameters and locals of `function` visible at `address` (in lexical blocks that
    /// hold it), innermost first, so that a name finds the nearest declaration.
    public func locals(of function: Function, at address: UInt32) -> [Variable] {
        guard let info else { return [] }
        var result: [Variable] = []
        func visit(_ index: Int, depth: Int) {
            guard depth < 64 else { return }
            var found: [Variable] = []
            for child in info.children(of: index) {
                let entry = info.entries[child]
                switch entry.tag {
                case DWARFConstant.variable, DWARFConstant.formalParameter:
                    if let variable = Self.variable(child, in: info) { found.append(variable) }
                case DWARFConstant.lexicalBlock:
                    if Self.blockContains(entry, address) { visit(child, depth: depth + 1) }
                default: break
                }
            }
            result.append(contentsOf: found)
        }
        visit(function.entry, depth: 0)
        return result
    }

    private static func blockContains(_ entry: DWARFEntry, _ address: UInt32) -> Bool {
        guard let low = entry[DWARFConstant.lowPC]?.number, let high = entry[DWARFConstant.highPC] else {
            return true  // ranges (DW_AT_ranges) not read: assume it holds the address
        }
        let lowPC = UInt32(truncatingIfNeeded: low)
        let highPC: UInt32
        if case .address(let end) = high { highPC = end } else { highPC = lowPC &+ UInt32(truncatingIfNeeded: high.number ?? 0) }
        return lowPC <= address && address < highPC
    }

    /// The bytes of the expression at `range` of `.debug_info`.
    public func expression(_ range: Range<Int>) -> ArraySlice<UInt8> {
        guard range.lowerBound >= 0, range.upperBound <= infoBytes.count else { return [] }
        return infoBytes[range]
    }

    /// The frame-base expression of `function`, if it has one.
    public func frameBase(of function: Function) -> ArraySlice<UInt8>? {
        guard let info, case .block(let range) = info.entries[function.entry][DWARFConstant.frameBase] else { return nil }
        return expression(range)
    }
}
