extension ELFFile {
    /// Reads the first SHT_SYMTAB section and its linked string table.
    ///
    /// `sectionTable` is the already bounds-checked byte range of the section header table.
    /// A file without a symbol table (stripped) has no symbols; a symbol table that is
    /// present but inconsistent is an error, since its names would be wrong.
    static func readSymbols(_ bytes: [UInt8], sectionTable: Range<Int>) throws(ELFError) -> [Symbol] {
        let headerSize = ELFConstants.sectionHeaderSize
        let sectionCount = sectionTable.count / headerSize
        func header(_ index: Int) -> Int { sectionTable.lowerBound + index * headerSize }
        func type(_ index: Int) -> UInt32 { bytes.elfU32(header(index) + 4) }

        guard let symtab = (0..<sectionCount).first(where: { type($0) == ELFConstants.sectionSymbolTable }) else {
            return []
        }
        let symtabOffset = bytes.elfU32(header(symtab) + 16)
        let symtabSize = bytes.elfU32(header(symtab) + 20)
        let link = bytes.elfU32(header(symtab) + 24)
        let entrySize = bytes.elfU32(header(symtab) + 36)

        guard entrySize == UInt32(ELFConstants.symbolSize) else {
            throw .malformedSymbolTable(reason: "entry size is \(entrySize), expected \(ELFConstants.symbolSize)")
        }
        guard symtabSize % UInt32(ELFConstants.symbolSize) == 0 else {
            throw .malformedSymbolTable(reason: "size \(symtabSize) is not a multiple of \(ELFConstants.symbolSize)")
        }
        guard let table = bytes.elfRange(offset: Int(symtabOffset), size: Int(symtabSize)) else {
            throw .malformedSymbolTable(reason: "it extends past the end of the file")
        }
        guard link > 0, Int(link) < sectionCount, type(Int(link)) == ELFConstants.sectionStringTable else {
            throw .malformedSymbolTable(reason: "its string table (section \(link)) is missing or not a string table")
        }
        let strtabOffset = bytes.elfU32(header(Int(link)) + 16)
        let strtabSize = bytes.elfU32(header(Int(link)) + 20)
        guard let strings = bytes.elfRange(offset: Int(strtabOffset), size: Int(strtabSize)) else {
            throw .malformedSymbolTable(reason: "its string table extends past the end of the file")
        }

        // The count is bounded by the file size: the table's range was checked above.
        let count = table.count / ELFConstants.symbolSize
        var symbols: [Symbol] = []
        symbols.reserveCapacity(max(count - 1, 0))
        // Entry 0 is the reserved null symbol.
        for number in 1..<max(count, 1) {
            let start = table.lowerBound + number * ELFConstants.symbolSize
            let nameOffset = bytes.elfU32(start)
            guard Int(nameOffset) < strings.count else {
                throw .malformedSymbolTable(reason: "the name of symbol \(number) is outside its string table")
            }
            let nameStart = strings.lowerBound + Int(nameOffset)
            guard let nameEnd = bytes[nameStart..<strings.upperBound].firstIndex(of: 0) else {
                throw .malformedSymbolTable(reason: "the name of symbol \(number) is not NUL-terminated")
            }
            let info = bytes.elfU8(start + 12)
            symbols.append(
                Symbol(
                    name: String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self),
                    value: bytes.elfU32(start + 4), size: bytes.elfU32(start + 8),
                    kind: .init(rawValue: info & 0xF), binding: .init(rawValue: info >> 4),
                    sectionIndex: bytes.elfU16(start + 14)))
        }
        return symbols
    }
}
