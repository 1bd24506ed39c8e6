extension ELFFile {
    /// The defined symbol called `name`; when several share it, the global one, then a weak
    /// one, then the first local one in the file. Source-file (STT_FILE) and section
    /// (STT_SECTION) symbols are not found by name.
    public func symbol(named name: String) -> Symbol? {
        symbolIndex.byName[name].map { symbols[$0] }
    }

    /// The symbol that best names `address`, with the distance from its start, as objdump's
    /// `<main+0xc>`:
    /// 1. the function or object (any symbol with a size) containing the address, the
    ///    innermost (highest-starting) one if several do;
    /// 2. otherwise the nearest function or untyped label at or below the address.
    ///
    /// Among several symbols at one address the choice follows GNU objdump (functions first,
    /// then objects, globals before locals, then the name that sorts first). Absolute symbols,
    /// thread-local symbols and RISC-V mapping symbols (`$x`, `$d`) are never used. Returns nil
    /// when nothing precedes the address. Runs in O(log n) for ordinary symbol tables.
    public func symbolize(_ address: UInt32) -> (name: String, offset: UInt32)? {
        let index = symbolIndex
        // Sized symbols starting at or below the address, walked from the nearest down while
        // some earlier one still reaches past the address (sizedMaxEnd is a running maximum).
        var k = ELFSymbolIndex.countNotAbove(address, in: index.sizedValues) - 1
        while k >= 0, index.sizedMaxEnd[k] > UInt64(address) {
            let symbol = symbols[index.sized[k]]
            if UInt64(address) < UInt64(symbol.value) + UInt64(symbol.size) {
                return (symbol.name, address - symbol.value)
            }
            k -= 1
        }
        let count = ELFSymbolIndex.countNotAbove(address, in: index.labelValues)
        guard count > 0 else { return nil }
        let label = symbols[index.labels[count - 1]]
        return (label.name, address - label.value)
    }
}
