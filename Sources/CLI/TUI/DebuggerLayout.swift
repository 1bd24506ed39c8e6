/// Where the debugger screen's panes go at a terminal size: disassembly and registers on
/// top, memory and guest output below, then the status, message and command lines.
///
/// The registers need 18 rows (more with a bare-metal binary's CSRs); the memory pane is
/// useful up to 16 lines (256 bytes), so a tall screen gives its rows to the disassembly,
/// and a short one keeps memory and output at least six rows.
struct DebuggerLayout {
    /// Rows of the top panes (disassembly, registers), headers included.
    let topHeight: Int
    /// Rows of the bottom panes (memory, output), headers included.
    let bottomHeight: Int
    /// Columns of the register and output panes.
    let registerWidth: Int
    /// Columns of the disassembly and memory panes.
    let leftWidth: Int

    /// The most rows the memory pane takes: a header and 16 lines.
    static let bottomLimit = 17

    /// `hasSource`: a source pane shares the top with the disassembly, which then takes
    /// at least three fifths of the body.
    init(rows: Int, columns: Int, csrCount: Int, hasSource: Bool = false) {
        let body = DebuggerView.body(rows)
        let registerRows = 18 + (csrCount + 3) / 4
        let wanted = max(19, registerRows, body - DebuggerLayout.bottomLimit, hasSource ? body * 3 / 5 : 0)
        topHeight = max(min(wanted, body - 6), 6)
        bottomHeight = body - topHeight
        registerWidth = DebuggerView.registerPaneWidth(columns)
        leftWidth = columns - registerWidth - 1
    }

    /// Lines of instructions the disassembly pane shows.
    var disassemblyLines: Int { topHeight - 1 }
    /// Lines of bytes the memory pane shows.
    var memoryLines: Int { bottomHeight - 1 }
}
