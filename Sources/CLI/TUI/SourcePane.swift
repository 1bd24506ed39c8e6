import Emu

/// The source pane and the call-stack pane of the TUI (for a program with line
/// information): what they show, captured as values, and how they are drawn beside the
/// disassembly and above the memory pane.
struct SourcePaneState: Equatable {
    /// The path as the line table names it.
    var path: String
    /// The whole file's lines (nil: the file was not found; `path` says which).
    var lines: [String]?
    /// The line pc is on (1-based).
    var currentLine: Int
    /// Lines of this file that hold a breakpoint.
    var breakpointLines: Set<Int>
    /// The function pc is in.
    var function: String

    /// The pane's content for the debugger's current pc, nil outside code with line
    /// information (the disassembly then has the whole area).
    static func capture(_ commands: DebuggerCommands) -> SourcePaneState? {
        guard let source = commands.source else { return nil }
        let pc = commands.debugger.machine.hart.pc
        guard let place = source.info.location(of: pc) else { return nil }
        var breakpointLines: Set<Int> = []
        for breakpoint in commands.debugger.breakpoints {
            if let location = source.info.location(of: breakpoint.address), location.path == place.path {
                breakpointLines.insert(location.line)
            }
        }
        return SourcePaneState(
            path: place.path, lines: source.files.lines(place.path), currentLine: place.line, breakpointLines: breakpointLines,
            function: source.info.function(containing: pc)?.name ?? "??")
    }
}

extension DebuggerView {
    /// The code panes: the disassembly alone, or with the source pane above it (narrow
    /// screens) or beside it (150 columns and more for both).
    static func drawCode(_ state: DebuggerViewState, into screen: inout ScreenBuffer, row: Int, height: Int, width: Int) {
        guard let source = state.source else {
            drawDisassembly(state, into: &screen, row: row, height: height, width: width)
            return
        }
        if width >= 150 {
            let sourceWidth = width / 2
            drawSource(source, into: &screen, row: row, column: 0, height: height, width: sourceWidth)
            for line in row..<(row + height) { screen.put("│", row: line, column: sourceWidth) }
            var shifted = ScreenBuffer(rows: height, columns: width - sourceWidth - 1)
            drawDisassembly(state, into: &shifted, row: 0, height: height, width: width - sourceWidth - 1)
            screen.paste(shifted, row: row, column: sourceWidth + 1)
        } else {
            let sourceHeight = max(3, height * 3 / 5)
            drawSource(source, into: &screen, row: row, column: 0, height: sourceHeight, width: width)
            drawDisassembly(state, into: &screen, row: row + sourceHeight, height: height - sourceHeight, width: width)
        }
    }

    static func drawSource(
        _ source: SourcePaneState, into screen: inout ScreenBuffer, row: Int, column: Int, height: Int, width: Int
    ) {
        let title = "Source \(source.path):\(source.currentLine) in \(source.function)"
        screen.put("─ " + title + " " + String(repeating: "─", count: max(0, width - title.count - 3)),
            row: row, column: column, width: width, style: .dim)
        let rows = height - 1
        guard rows > 0 else { return }
        guard let lines = source.lines else {
            screen.put("(source file \(source.path) not found)", row: row + 1, column: column + 1, width: width - 1)
            return
        }
        // The current line a third of the way down, as the disassembly keeps pc.
        let first = max(1, min(source.currentLine - rows / 3, lines.count - rows + 1))
        let numberWidth = max(3, String(min(lines.count, first + rows)).count)
        for offset in 0..<rows {
            let number = first + offset
            guard number >= 1, number <= lines.count else { break }
            let current = number == source.currentLine
            let marker = (source.breakpointLines.contains(number) ? "●" : " ") + (current ? ">" : " ")
            let digits = String(number)
            let text = marker + String(repeating: " ", count: max(0, numberWidth - digits.count)) + digits + " " + lines[number - 1]
            let target = row + 1 + offset
            if current { screen.fill(row: target, column: column, width: width, style: .current) }
            screen.put(text, row: target, column: column, width: width, style: current ? .current : .normal)
            if source.breakpointLines.contains(number) { screen.restyle(row: target, column: column, width: 1, style: .breakpoint) }
        }
    }

    /// The memory pane, with the call stack above it when there is one.
    static func drawStackAndMemory(_ state: DebuggerViewState, into screen: inout ScreenBuffer, row: Int, height: Int, width: Int) {
        guard !state.stack.isEmpty, height >= 4 else {
            drawMemory(state, into: &screen, row: row, height: height, width: width)
            return
        }
        let stackHeight = min(state.stack.count + 1, max(2, height / 2))
        screen.put("─ Call stack " + String(repeating: "─", count: max(0, width - 13)), row: row, column: 0, width: width, style: .dim)
        for (offset, line) in state.stack.prefix(stackHeight - 1).enumerated() {
            screen.put(line, row: row + 1 + offset, column: 0, width: width)
        }
        drawMemory(state, into: &screen, row: row + stackHeight, height: height - stackHeight, width: width)
    }
}

extension ScreenBuffer {
    /// Copies `other` onto this screen with its top left at (row, column), clipped.
    mutating func paste(_ other: ScreenBuffer, row: Int, column: Int) {
        for line in 0..<other.rows where row + line >= 0 && row + line < rows {
            for position in 0..<other.columns where column + position >= 0 && column + position < columns {
                self[row + line, column + position] = other[line, position]
            }
        }
    }
}
