import Foundation
import TestSupport
import Testing

/// The full-screen debugger in a real terminal (tmux): typed input reaching the guest,
/// resizing, whole multi-line output, the running indicator and its interrupt key, and
/// scrolling.
@Suite struct EndToEndDebugTUITests {
    func emu() throws -> String { try EmuBinary.path() }

    func expectAllFound(_ screens: [TmuxDriver.Screen], _ count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(screens.count == count, "\(screens.map(\.text))", sourceLocation: sourceLocation)
        for screen in screens {
            #expect(screen.found, "the screen never showed '\(screen.awaited)':\n\(screen.text)", sourceLocation: sourceLocation)
        }
    }

    /// `c` on cat stops at its read and enters input mode by itself; a typed line reaches
    /// cat, whose output appears in the output pane; Ctrl-D ends its input and it exits 0.
    @Test(.enabled(if: Oracle.available("tmux")))
    func typedInputReachesCat() throws {
        guard let tmux = try Oracle.require("tmux") else { return }
        let screens = try TmuxDriver.run(
            tmux, command: "\(try emu()) debug programs/bin/cat.elf", columns: 100, rows: 30,
            steps: [
                .keys("", "(emu)"),
                .keys("c Enter", "(input)"),
                .keys("'hello from tmux' Enter", "│ hello from tmux"),
                .keys("'second line' Enter", "│ second line"),
                .keys("C-d", "exited with status 0"),
                // Back over both reads and forwards again: replayed from the log, with no
                // wait for input and the output pane as before.
                .keys("'rs 200' Enter", "[replay]"),
                .keys("c Enter", "exited with status 0"),
                .keys("q Enter", "EMU-EXIT="),
            ])
        expectAllFound(screens, 8)
        guard screens.count == 8 else { return }
        #expect(!screens[5].text.contains("│ second line"), "200 instructions back, before cat wrote it:\n\(screens[5].text)")
        #expect(!screens[6].text.contains("(input)"), "replay does not wait:\n\(screens[6].text)")
        #expect(screens[6].text.components(separatedBy: "│ hello from tmux").count == 2, "once:\n\(screens[6].text)")
        #expect(screens[6].text.contains("│ second line"), "\(screens[6].text)")
        #expect(screens[1].text.contains("the guest reads its standard input"), "\(screens[1].text)")
        #expect(screens[1].text.contains("> 000"), "the disassembly shows where it waits")
        #expect(screens[2].text.contains("(input)"), "still taking input while cat reads again:\n\(screens[2].text)")
        #expect(screens[7].text.contains("EMU-EXIT=0"), "\(screens[7].text)")
    }

    /// From 80x24 to 250x70 and back: every pane keeps its header, the instruction at pc
    /// stays visible with its instruction text, and at 250x70 memory shows 16 real lines
    /// while the disassembly takes the rest.
    @Test(.enabled(if: Oracle.available("tmux")))
    func resizeKeepsThePanesSensible() throws {
        guard let tmux = try Oracle.require("tmux") else { return }
        let screens = try TmuxDriver.run(
            tmux, command: "\(try emu()) debug --deterministic programs/bin/hello.elf Alice", columns: 80, rows: 24,
            steps: [
                .keys("", "(emu)"),
                .keys("'b main' Enter", "breakpoint 1 at"),
                .keys("c Enter", "> 00010118"),
                // Memory lines of 16, 8 and 4 bytes from sp (0x1000ff20): each awaited line
                // is there only once the screen was drawn at the new width.
                .resize(250, 70, "1000ffb0:"),
                .resize(80, 24, "1000ff28:"),
                .resize(60, 20, "1000ff24:"),
                .keys("q Enter", "EMU-EXIT="),
            ])
        expectAllFound(screens, 7)
        guard screens.count == 7 else { return }
        for (index, screen) in screens[2...5].enumerated() {
            let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for header in ["─ Disassembly", "─ Registers", "─ Memory", "─ Output"] {
                #expect(lines.contains { $0.contains(header) }, "step \(index + 1) lost \(header):\n\(screen.text)")
            }
            let current = lines.first { $0.contains("> 00010118") }
            #expect(current?.contains("add sp,sp,-32") == true, "step \(index + 1): the instruction at pc:\n\(screen.text)")
        }
        let tall = screens[3].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(tall.count >= 69, "\(tall.count) rows")
        // 16 lines of memory from sp; only the lines past the stack's end (0x10010000) are
        // outside guest memory.
        let memory = tall.filter { $0.range(of: #"^100[01][0-9a-f]{4}: "#, options: .regularExpression) != nil }
        #expect(memory.count == 16, "\(screens[3].text)")
        #expect(memory.filter { !$0.contains("(outside guest memory)") }.count >= 14, "\(screens[3].text)")
        for line in memory where line.contains("(outside guest memory)") {
            #expect(line.hasPrefix("1001"), "\(line)")
        }
        let instructions = tall.filter { $0.range(of: #"^.. [0-9a-f]{8} "#, options: .regularExpression) != nil }
        #expect(instructions.count > 40, "the disassembly takes the rows: \(instructions.count)")
        // Back at 80x24 the screen is the 80x24 one again (24 rows, title at the top).
        let small = screens[4].text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(small.first?.contains("emu debug  hello.elf") == true, "\(screens[4].text)")
        #expect(small.count <= 25, "\(small.count) rows")
        #expect(!screens[4].text.contains("terminal too small"))
        #expect(!screens[5].text.contains("terminal too small"), "60x20 is drawn:\n\(screens[5].text)")
    }

    /// `regs` (nine lines) and `i` are shown whole over the panes, and Esc goes back.
    @Test(.enabled(if: Oracle.available("tmux")))
    func multiLineOutputIsFullyVisible() throws {
        guard let tmux = try Oracle.require("tmux") else { return }
        let screens = try TmuxDriver.run(
            tmux, command: "\(try emu()) debug --deterministic programs/bin/hello.elf Alice", columns: 80, rows: 24,
            steps: [
                .keys("", "(emu)"),
                .keys("'b main' Enter", "breakpoint 1 at"),
                .keys("'w sp' Enter", "watchpoint 2"),
                .keys("regs Enter", "Output of 'regs'"),
                .keys("Escape", "─ Disassembly"),
                .keys("i Enter", "Output of 'i'"),
                // q closes the pager (as in less); then q quits.
                .keys("q", "─ Disassembly"),
                .keys("q Enter", "EMU-EXIT="),
            ])
        expectAllFound(screens, 8)
        guard screens.count == 8 else { return }
        let regs = screens[3].text
        for name in ["zero", "tp", "s0", "a2", "a6", "s4", "s8", "t3"] {
            #expect(regs.contains("\n " + name + " "), "register row of \(name):\n\(regs)")
        }
        #expect(regs.contains("t6   0x00000000"), "the last register:\n\(regs)")
        #expect(regs.contains("pc   0x0001020c  instret 0"), "the last line, pc:\n\(regs)")
        #expect(regs.contains("lines 1-9 of 9"))
        #expect(!screens[4].text.contains("Output of 'regs'"), "Esc closed it")
        let info = screens[5].text
        #expect(info.contains("1: breakpoint at 0x00010118 <main>"), "\(info)")
        #expect(info.contains("2: watchpoint 4 bytes at 0x"), "\(info)")
        #expect(info.contains("history: "), "the third line:\n\(info)")
        // The history line is longer than the screen: wrapped, not cut.
        #expect(info.contains("system calls logged,") && info.contains(" bytes"), "\(info)")
    }

    /// A long `c` shows the running indicator with a growing instruction count; Ctrl-C
    /// stops it (interrupted), and the session goes on.
    @Test(.enabled(if: Oracle.available("tmux")))
    func runningIndicatorAndInterrupt() throws {
        guard let tmux = try Oracle.require("tmux") else { return }
        // fib(40) runs for minutes under the debugger: only Ctrl-C ends this `c`.
        let screens = try TmuxDriver.run(
            tmux, command: "\(try emu()) debug programs/bin/bench/fib.elf 40", columns: 80, rows: 24,
            steps: [
                .keys("", "(emu)"),
                .keys("c Enter", "running...", settle: 1),
                .keys("", "running...", settle: 1),
                .keys("C-c", "interrupted"),
                .keys("'s 3' Enter", "stepped"),
                .keys("q Enter", "EMU-EXIT="),
            ], timeout: 20)
        expectAllFound(screens, 6)
        guard screens.count == 6 else { return }
        func count(_ text: String) -> UInt64? {
            guard let range = text.range(of: #"running\.\.\.  instret [0-9]+"#, options: .regularExpression) else { return nil }
            return UInt64(text[range].split(separator: " ").last ?? "")
        }
        let first = try #require(count(screens[1].text), "\(screens[1].text)")
        let second = try #require(count(screens[2].text), "\(screens[2].text)")
        #expect(second > first, "the count grows while it runs: \(first) then \(second)")
        #expect(screens[1].text.contains("(Ctrl-C interrupts)"))
        #expect(!screens[3].text.contains("running..."), "\(screens[3].text)")
        #expect(screens[3].text.contains("<fib"), "stopped inside fib:\n\(screens[3].text)")
    }

    /// PageDown and PageUp scroll the disassembly (and, after Tab, the memory); a search
    /// moves the disassembly to the match.
    @Test(.enabled(if: Oracle.available("tmux")))
    func pagingAndSearch() throws {
        guard let tmux = try Oracle.require("tmux") else { return }
        let screens = try TmuxDriver.run(
            tmux, command: "\(try emu()) debug --deterministic programs/bin/hello.elf Alice", columns: 80, rows: 24,
            steps: [
                .keys("", "(emu)"),
                .keys("'b main' Enter", "breakpoint 1 at"),
                .keys("c Enter", "> 00010118"),
                .keys("PageDown", "<main+"),
                .keys("PageUp", "> 00010118"),
                .keys("Tab PageDown", "Memory 1000ff"),
                .keys("'/ecall' Enter", "/ecall: 0x"),
                .keys("q Enter", "EMU-EXIT="),
            ])
        expectAllFound(screens, 8)
        guard screens.count == 8 else { return }
        func firstAddress(_ text: String) -> UInt32? {
            let lines = text.split(separator: "\n")
            guard let header = lines.firstIndex(where: { $0.contains("─ Disassembly") }), header + 1 < lines.count else { return nil }
            return UInt32(lines[header + 1].dropFirst(3).prefix(8), radix: 16)
        }
        let before = try #require(firstAddress(screens[2].text))
        let down = try #require(firstAddress(screens[3].text))
        #expect(down > before, "PageDown moved the disassembly on: \(before) -> \(down)\n\(screens[3].text)")
        #expect(!screens[3].text.contains("> 00010118"), "a page later pc is off the pane")
        #expect(firstAddress(screens[4].text) == before, "PageUp back to where it was:\n\(screens[4].text)")
        #expect(screens[5].text.contains("─ Memory 1000ff"), "\(screens[5].text)")
        let memoryHeader = screens[5].text.split(separator: "\n").first { $0.hasPrefix("─ Memory ") } ?? ""
        #expect(memoryHeader.hasPrefix("─ Memory 1000ff48 ─"), "five lines of 8 bytes on from sp (0x1000ff20):\n\(screens[5].text)")
        let match = try #require(screens[6].text.range(of: #"/ecall: 0x[0-9a-f]{8}"#, options: .regularExpression))
        let address = String(screens[6].text[match].suffix(8))
        let lines = screens[6].text.split(separator: "\n")
        let header = try #require(lines.firstIndex { $0.contains("─ Disassembly") })
        #expect(lines[header + 1].hasPrefix("   \(address) "), "the match is the pane's first line:\n\(screens[6].text)")
    }
}
