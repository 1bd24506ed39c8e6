extension ELFFile {
    /// The defined symbol called `name`; when several share it, the global one, then a weak
    /// one, then the first local one in the file. Source-file (STT_FILE) and section
    /// (STT_SECTION) symbols are not found by name.
    public func symbol(named name: String) -> Symbol? {
        symbolIndex.byName[name].map { symbols[$0] }
    }

    /// The symbol that names `address` and the distance from it, exactly as GNU objdump
    /// prints `<main+0xc>`: the nearest symbol at or below the address, whatever its size.
    ///
    /// Section, source-file, undefined and common symbols and RISC-V mapping symbols (`$x`,
    /// `$d`) are never used. Among several symbols at one address the choice follows
    /// objdump: functions, then objects; globals before locals; the larger size; then the
    /// name that sorts first. Returns nil when no symbol lies at or below the address.
    /// O(log n): a binary search over the symbols sorted once at parse time.
    public func symbolize(_ address: UInt32) -> (name: String, offset: UInt32)? {
        let count = ELFSymbolIndex.countNotAbove(address, in: symbolIndex.labelValues)
        guard count > 0 else { return nil }
        let label = symbols[symbolIndex.labels[count - 1]]
        return (label.name, address - label.value)
    }

    /// The function or object whose extent (`value ..< value + size`) contains `address`;
    /// the innermost (highest-starting) one when several nest, as the entry points of
    /// `__riscv_save_0` ... `__riscv_save_12` do. Symbols without a size, absolute symbols
    /// and thread-local symbols are never used. For "which function is this pc in", where
    /// ``symbolize(_:)`` would name a label past the end of a function.
    public func symbol(containing address: UInt32) -> Symbol? {
        let index = symbolIndex
        // Walk down from the nearest sized symbol at or below the address while some earlier
        // one still reaches past it (sizedMaxEnd is a running maximum, so this stops at once
        // in the usual case of functions that do not nest).
        var k = ELFSymbolIndex.countNotAbove(address, in: index.sizedValues) - 1
        while k >= 0, index.sizedMaxEnd[k] > UInt64(address) {
            let symbol = symbols[index.sized[k]]
            if UInt64(address) < UInt64(symbol.value) + UInt64(symbol.size) { return symbol }
            k -= 1
        }
        return nil
    }
}
