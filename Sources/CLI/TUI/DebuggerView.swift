import Decoder
import Emu

/// Draws the debugger screen: a pure function from `DebuggerViewState` and a size to a
/// `ScreenBuffer`.
///
/// ```
/// title
/// disassembly            │ registers (2 columns) + CSRs
/// ───────────────────────┼──────────────────────────────
/// memory (hex + ASCII)   │ guest output
/// status line
/// message line
/// (emu) command line
/// ```
enum DebuggerView {
    /// The register pane: two columns of `name hex decimal` on wide screens, of
    /// `name hex` below 110 columns (so that the disassembly keeps its room). From 160
    /// columns the right-hand panes take two fifths, so that the guest's output pane under
    /// the registers gets lines as long as a terminal's (the disassembly needs no more).
    static func registerPaneWidth(_ columns: Int) -> Int { columns >= 160 ? columns * 2 / 5 : columns >= 110 ? 52 : 30 }

    static func render(_ state: DebuggerViewState, rows: Int, columns: Int) -> ScreenBuffer {
        var screen = ScreenBuffer(rows: rows, columns: columns)
        guard rows >= 12, columns >= 60 else {
            screen.put("terminal too small (need 60x12)", row: 0, column: 0)
            return screen
        }
        screen.fill(row: 0, column: 0, width: columns, style: .title)
        screen.put(" emu debug  \(state.title)", row: 0, column: 0, style: .title)
        screen.put("? help  q quit ", row: 0, column: columns - 15, style: .title)

        let layout = DebuggerLayout(rows: rows, columns: columns, csrCount: state.csrs.count, hasSource: state.source != nil)
        let topHeight = layout.topHeight, bottomHeight = layout.bottomHeight
        let registerWidth = layout.registerWidth, leftWidth = layout.leftWidth
        let top = 1, bottom = 1 + topHeight

        drawCode(state, into: &screen, row: top, height: topHeight, width: leftWidth)
        drawRegisters(state, into: &screen, row: top, column: leftWidth + 1, height: topHeight, width: registerWidth)
        drawStackAndMemory(state, into: &screen, row: bottom, height: bottomHeight, width: leftWidth)
        drawOutput(state, into: &screen, row: bottom, column: leftWidth + 1, height: bottomHeight, width: registerWidth)
        for row in top..<(bottom + bottomHeight) { screen.put("│", row: row, column: leftWidth) }

        screen.fill(row: rows - 3, column: 0, width: columns, style: .status)
        screen.put(" " + (state.running ?? state.status), row: rows - 3, column: 0, style: .status)
        let messageLines = state.message.split(separator: "\n", omittingEmptySubsequences: false)
        var message = messageLines.first.map(String.init) ?? ""
        if messageLines.count > 1, state.pager == nil { message += "  (+\(messageLines.count - 1) lines: 'log' shows them)" }
        screen.put(message, row: rows - 2, column: 0)
        let prompt = state.prompt + state.commandLine
        screen.put(prompt, row: rows - 1, column: 0)
        screen.cursor = (rows - 1, min(prompt.count, columns - 1))
        if let pager = state.pager { drawPager(pager, into: &screen, top: top, height: body(rows)) }
        if state.showHelp { drawHelp(state, into: &screen) }
        return screen
    }

    /// Rows between the title and the status line.
    static func body(_ rows: Int) -> Int { rows - 4 }  // title, status, message, command line

    private static func header(_ title: String, into screen: inout ScreenBuffer, row: Int, column: Int, width: Int, focused: Bool = false) {
        screen.put("─ " + title + " " + String(repeating: "─", count: max(0, width - title.count - 3)),
            row: row, column: column, width: width, style: .dim)
        // The pane PageUp/PageDown scroll: its title in reverse video.
        if focused { screen.restyle(row: row, column: column + 2, width: title.count, style: .status) }
    }

    /// The lines of the disassembly the pane shows in `lines` rows: from the anchor when
    /// scrolled, else around pc (a third of the pane before it).
    static func visibleDisassembly(_ state: DebuggerViewState, lines: Int) -> ArraySlice<DebuggerViewState.DisassemblyLine> {
        let first: Int
        if let anchor = state.disassemblyAnchor, let index = state.disassembly.firstIndex(where: { $0.address >= anchor }) {
            first = index
        } else {
            let pcIndex = state.disassembly.firstIndex { $0.address == state.pc } ?? 0
            first = max(0, min(pcIndex - lines / 3, state.disassembly.count - lines))
        }
        return state.disassembly.dropFirst(first).prefix(max(0, lines))
    }

    static func drawDisassembly(_ state: DebuggerViewState, into screen: inout ScreenBuffer, row: Int, height: Int, width: Int) {
        header("Disassembly", into: &screen, row: row, column: 0, width: width, focused: state.focus == .disassembly)
        let lines = height - 1
        guard lines > 0 else { return }
        // Labels get at most 18 columns (32 on a pane of 120), and only while the
        // instruction keeps 18 (marker, address and spaces take 12): on a narrow pane the
        // instruction matters more.
        let labelLimit = width >= 120 ? 32 : 18
        var labelWidth = min(state.disassembly.map(\.label.count).max() ?? 0, labelLimit, width - 12 - 1 - 18)
        if labelWidth < 6 { labelWidth = 0 }
        for (offset, line) in visibleDisassembly(state, lines: lines).enumerated() {
            let current = line.address == state.pc
            let marker = (line.breakpoint ? "●" : " ") + (current ? ">" : " ")
            let label = labelWidth > 0 ? MemoryText.pad(line.label, labelWidth) + " " : ""
            let text = marker + " " + DebugFormat.hex(line.address) + " " + label + line.text
            let target = row + 1 + offset
            if current { screen.fill(row: target, column: 0, width: width, style: .current) }
            screen.put(text, row: target, column: 0, width: width, style: current ? .current : .normal)
            if line.breakpoint { screen.restyle(row: target, column: 0, width: 1, style: .breakpoint) }
        }
    }

    static func drawRegisters(
        _ state: DebuggerViewState, into screen: inout ScreenBuffer, row: Int, column: Int, height: Int, width: Int
    ) {
        if let float = state.floatRegisters {
            drawFloatRegisters(float.values, fcsr: float.fcsr, into: &screen, row: row, column: column, height: height, width: width)
            return
        }
        header("Registers", into: &screen, row: row, column: column, width: width)
        let decimal = width >= 52
        let cellWidth = decimal ? 26 : 14
        for index in 0..<32 {
            let line = index % 16, half = index / 16
            guard 1 + line < height else { continue }
            let value = state.registers[index]
            var text = MemoryText.pad(abiRegisterNames[index], 4) + " " + DebugFormat.hex(value)
            if decimal { text += " " + leftPad(String(Int32(bitPattern: value)), 11) }
            screen.put(text, row: row + 1 + line, column: column + 1 + half * cellWidth, width: cellWidth - 1,
                style: state.changed.contains(index) ? .changed : .normal)
        }
        var extraRow = row + 17
        if extraRow < row + height {
            screen.put("pc   " + DebugFormat.hex(state.pc), row: extraRow, column: column + 1,
                style: state.changed.contains(32) ? .changed : .normal)
            var position = column + 16
            for csr in state.csrs {
                let text = "\(csr.name) \(csr.value)"
                if position + text.count > column + width { extraRow += 1; position = column + 1 }
                guard extraRow < row + height else { break }
                screen.put(text, row: extraRow, column: position)
                position += text.count + 2
            }
        }
    }

    /// f0...f31 in two columns: on wide screens the 64 bits and the value, below 110
    /// columns the value only; fcsr under them.
    static func drawFloatRegisters(
        _ values: [UInt64], fcsr: UInt32, into screen: inout ScreenBuffer, row: Int, column: Int, height: Int, width: Int
    ) {
        header("F registers (fp: x registers)", into: &screen, row: row, column: column, width: width)
        let wide = width >= 52
        let cellWidth = wide ? 26 : 14
        for (index, bits) in values.prefix(32).enumerated() {
            let line = index % 16, half = index / 16
            guard 1 + line < height else { continue }
            let text = MemoryText.pad(abiFloatRegisterNames[index], 5)
                + (wide ? FloatRegisterText.hex(bits) + " " : "") + FloatRegisterText.value(bits)
            screen.put(text, row: row + 1 + line, column: column + 1 + half * cellWidth, width: cellWidth - 1)
        }
        if 17 < height { screen.put(FloatRegisterText.fcsr(fcsr), row: row + 17, column: column + 1, width: width - 1) }
    }

    static func drawMemory(_ state: DebuggerViewState, into screen: inout ScreenBuffer, row: Int, height: Int, width: Int) {
        let title = "Memory \(DebugFormat.hex(state.memoryAddress))" + (state.memoryFollowsStack ? " (sp)" : "")
        header(title, into: &screen, row: row, column: 0, width: width, focused: state.focus == .memory)
        let perLine = memoryBytesPerLine(width)
        for line in 0..<max(0, height - 1) {
            let address = state.memoryAddress &+ UInt32(line * perLine)
            let text: String
            if let memory = state.memory, memory.count > 0, (line + 1) * perLine <= memory.count {
                text = DebugFormat.hex(address) + ": " + MemoryText.hexAndASCII(Array(memory[(line * perLine)..<((line + 1) * perLine)]))
            } else {
                text = DebugFormat.hex(address) + ": (outside guest memory)"
            }
            screen.put(text, row: row + 1 + line, column: 0, width: width)
        }
    }

    /// 8 characters of address, then 4 per byte (hex, space, ASCII).
    static func memoryBytesPerLine(_ width: Int) -> Int { width >= 76 ? 16 : width >= 44 ? 8 : 4 }

    /// Command output over the panes (the whole body, full width, so that long lines are
    /// not cut at a pane's edge), from line `pager.top`.
    static func drawPager(_ pager: DebuggerViewState.Pager, into screen: inout ScreenBuffer, top: Int, height: Int) {
        let lines = max(1, height - 1)
        let first = min(pager.top, max(0, pager.lines.count - lines))
        let last = min(pager.lines.count, first + lines)
        let title = "\(pager.title) — lines \(first + 1)-\(last) of \(pager.lines.count) (PgUp/PgDn scroll, Esc closes)"
        for row in top..<(top + height) { screen.fill(row: row, column: 0, width: screen.columns, style: .normal) }
        screen.put("─ " + title + " " + String(repeating: "─", count: max(0, screen.columns - title.count - 3)),
            row: top, column: 0, style: .status)
        for (offset, line) in pager.lines[first..<last].enumerated() {
            screen.put(line, row: top + 1 + offset, column: 1, width: screen.columns - 1)
        }
    }

    static func drawOutput(_ state: DebuggerViewState, into screen: inout ScreenBuffer, row: Int, column: Int, height: Int, width: Int) {
        header("Output", into: &screen, row: row, column: column, width: width)
        let inner = width - 1
        var lines: [String] = []
        for line in state.output.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            repeat {
                lines.append(String(rest.prefix(inner)))
                rest = rest.dropFirst(inner)
            } while !rest.isEmpty
        }
        if state.output.hasSuffix("\n") { lines.removeLast() }
        for (offset, line) in lines.suffix(max(0, height - 1)).enumerated() {
            screen.put(line, row: row + 1 + offset, column: column + 1, width: inner)
        }
    }

    static func drawHelp(_ state: DebuggerViewState, into screen: inout ScreenBuffer) {
        let lines = ["Commands (Enter runs, Enter on an empty line repeats; any key closes help)", ""]
            + (state.helpText ?? DebuggerCommands.helpText).split(separator: "\n").map(String.init)
        let width = min(screen.columns - 2, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(screen.rows - 2, lines.count + 2)
        let top = max(1, (screen.rows - height) / 2), left = max(1, (screen.columns - width) / 2)
        for row in 0..<height {
            screen.fill(row: top + row, column: left, width: width, style: .status)
        }
        for (index, line) in lines.prefix(height - 2).enumerated() {
            screen.put(line, row: top + 1 + index, column: left + 2, width: width - 4, style: .status)
        }
    }

    private static func leftPad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
