/// One abbreviation table of `.debug_abbrev` (DWARF 5 §7.5.3): how each code's entries
/// are laid out.
struct DWARFAbbreviations {
    struct Declaration {
        let tag: UInt64
        let hasChildren: Bool
        /// Attribute, form and (for DW_FORM_implicit_const) the constant.
        let attributes: [(name: UInt64, form: UInt64, implicit: Int64)]
    }

    private(set) var declarations: [UInt64: Declaration] = [:]

    /// Reads the table at `offset` of `section`, up to its terminating 0 code.
    init(section: [UInt8], offset: Int) throws(DWARFError) {
        var cursor = DWARFCursor(section, section: ".debug_abbrev", offset: offset)
        guard offset < section.count else { throw cursor.malformed("abbreviation offset outside the section") }
        while true {
            let code = try cursor.uleb()
            if code == 0 { break }
            let tag = try cursor.uleb()
            let children = try cursor.u8() != 0
            var attributes: [(UInt64, UInt64, Int64)] = []
            while true {
                let name = try cursor.uleb(), form = try cursor.uleb()
                if name == 0 && form == 0 { break }
                let implicit = form == 0x21 ? try cursor.sleb() : 0
                attributes.append((name, form, implicit))
            }
            declarations[code] = Declaration(tag: tag, hasChildren: children, attributes: attributes)
        }
    }
}
