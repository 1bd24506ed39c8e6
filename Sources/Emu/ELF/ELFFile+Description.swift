extension ELFFile: CustomStringConvertible {
    /// A one-line summary. Why not the default: the synthesized text would print every
    /// segment byte and symbol, which makes test failure messages unreadable.
    public var description: String {
        "ELF32 RISC-V executable: entry 0x\(String(entry, radix: 16)), \(segments.count) loadable segments, "
            + "\(programHeaders.count) program headers, \(symbols.count) symbols"
    }
}

extension ELFFile.Segment: CustomStringConvertible {
    /// A one-line summary in readelf's terms (address, file and memory sizes, permissions).
    public var description: String {
        "LOAD 0x\(String(vaddr, radix: 16)) filesz 0x\(String(fileBytes.count, radix: 16)) "
            + "memsz 0x\(String(memsz, radix: 16)) \(permissions)"
    }
}
