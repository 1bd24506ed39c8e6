import Foundation
import TestSupport
import Testing

/// The source-level debugger on programs/bin/dwarf (built with -g by gcc and by zig cc):
/// stepping by line against binutils' decoding of the line table (not emu's), `p` against
/// gdb-multiarch's printing of the same variables, and the TUI's source pane in tmux.
@Suite struct EndToEndSourceDebugTests {
    static let programs = ["programs/bin/dwarf/inventory-gcc", "programs/bin/dwarf/inventory-musl"]
    static let source = Paths.programs + "/dwarf/inventory.c"

    /// The line of `inventory.c` whose comment says `line: NAME`.
    static func line(_ name: String) throws -> Int {
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains("/* line: \(name) */") }) + 1
    }

    /// objdump's decoded line rows of `program`: (line or nil at an end of sequence, address, is_stmt).
    static func objdumpRows(_ program: String) throws -> [(line: Int?, address: UInt32, statement: Bool)]? {
        guard let objdump = try Oracle.require("riscv64-unknown-elf-objdump") else { return nil }
        let text = try ProcessRunner.run(objdump, ["--dwarf=decodedline", Paths.packageRoot + "/" + program]).stdoutText
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 3, fields[2].hasPrefix("0x"), let address = UInt32(fields[2].dropFirst(2), radix: 16),
                fields[1] == "-" || Int(fields[1]) != nil
            else { return nil }
            return (Int(fields[1]), address, fields.last == "x")
        }
    }

    func debug(_ commands: String, _ program: String) throws -> ProcessResult {
        try EmuBinary.run(["debug", program], input: Array(commands.utf8), currentDirectory: Paths.packageRoot)
    }

    /// The pcs of the `stopped:` lines of a batch run.
    static func stops(_ result: ProcessResult) -> [UInt32] {
        result.stdoutText.split(separator: "\n").filter { $0.hasPrefix("stopped:") }.compactMap { line in
            line.components(separatedBy: "pc=0x").dropFirst().first.flatMap { UInt32($0.prefix(8), radix: 16) }
        }
    }

    /// `next` stops at the first statement of the next line, over a call; `finish` returns
    /// to the instruction after the call, inside the caller's line; `step` enters a
    /// function at its first statement after the prologue. Each expected address comes
    /// from objdump's decoding of the line table.
    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump")), arguments: programs)
    func nextAndFinishLandWhereTheLineTableSays(program: String) throws {
        guard let rows = try Self.objdumpRows(program) else { return }
        func firstStatement(_ line: Int) -> UInt32? { rows.filter { $0.line == line && $0.statement }.map(\.address).min() }
        func line(at address: UInt32) -> Int? {
            // The row holding the address: the last one starting at or before it.
            rows.filter { $0.address <= address && $0.line != nil }.max { $0.address < $1.address }?.line
        }
        let mainFirst = try Self.line("main-first"), mainLocal = try Self.line("main-local")
        let mainCall = try Self.line("main-call"), worth = try Self.line("worth")
        let result = try debug("b main\nc\nn\nb inventory.c:\(mainCall)\nc\nn\nd 2\nb inventory.c:\(worth)\nc\nf\nq\n", program)
        let stops = Self.stops(result)
        try #require(stops.count == 6, "\(result.stdoutText)")
        #expect(stops[0] == firstStatement(mainFirst), "b main stops after the prologue, at line \(mainFirst)")
        #expect(stops[1] == firstStatement(mainLocal), "n from line \(mainFirst)")
        #expect(stops[2] == firstStatement(mainCall))
        // n over `total += value_of(...)` ends at the first statement of the next line.
        #expect(stops[3] == firstStatement(mainCall + 1), "n over the call")
        // (`n` ran the first call, value_of(&items[0]); this is the second, of items[1].)
        #expect(stops[4] == firstStatement(worth))
        // finish: back in main, inside the line of the call (after the call instruction).
        #expect(line(at: stops[5]) == mainCall && stops[5] != firstStatement(mainCall), "finish lands in line \(mainCall)")
        #expect(result.stdoutText.contains("Value returned: 20  (int)"), "value_of(&items[1]) returns 5 * 4\n\(result.stdoutText)")
    }

    @Test(arguments: programs)
    func stepEntersAFunctionAndBacktraceShowsTheCaller(program: String) throws {
        let mainCall = try Self.line("main-call"), worth = try Self.line("worth")
        let result = try debug("b inventory.c:\(mainCall)\nc\ns\nbt\nq\n", program)
        let text = result.stdoutText
        #expect(text.contains("value_of at dwarf/inventory.c:\(worth)"), "\(text)")
        #expect(text.contains("#0  value_of (it=0x"), "\(text)")
        #expect(text.contains(" in main () at dwarf/inventory.c:\(mainCall)"), "\(text)")
    }

    /// `p` of locals, a struct, an array, a pointer's target and globals, as gdb-multiarch
    /// prints them from the same DWARF (over emu's own gdb server, which serves only
    /// registers and memory: the printing is gdb's).
    @Test(.enabled(if: Oracle.available("gdb-multiarch")), arguments: programs)
    func printMatchesGDB(program: String) throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let mainCall = try Self.line("main-call")
        let expressions = ["local", "squares", "total", "*featured", "items[2].shelf", "grade", "item_count", "local.name",
                           "featured->stock", "counter", "items[1]"]
        let launch = try GDBServerLaunch.start(program)
        defer { launch.stop() }
        let script = (["set pagination off", "set confirm off", "target remote :\(launch.port)",
                       "break inventory.c:\(mainCall)", "continue"]
            + expressions.map { "p \($0)" } + ["kill"]).joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emu-gdb-\(UUID().uuidString).gdb")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let gdbResult = try ProcessRunner.run(gdb, ["-nx", "-batch", "-x", file.path, program], currentDirectory: Paths.packageRoot)
        // gdb: `$N = VALUE`, with `(TYPE) ` before a pointer's value.
        let gdbValues = gdbResult.stdoutText.split(separator: "\n").filter { $0.hasPrefix("$") }.map { line -> String in
            var value = String(line.drop { $0 != "=" }.dropFirst(2))
            if value.hasPrefix("("), let close = value.firstIndex(of: ")") { value = String(value[value.index(close, offsetBy: 2)...]) }
            return value
        }
        try #require(gdbValues.count == expressions.count, "gdb printed:\n\(gdbResult.stdoutText)\n\(gdbResult.stderrText)")
        let emu = try debug((["b inventory.c:\(mainCall)", "c"] + expressions.map { "p \($0)" } + ["q"]).joined(separator: "\n") + "\n",
                            program)
        for (expression, expected) in zip(expressions, gdbValues) {
            let line = emu.stdoutText.split(separator: "\n").first { $0.hasPrefix("\(expression) = ") }
            let value = line.map { String($0.dropFirst(expression.count + 3)) }?.components(separatedBy: "  (").first
            #expect(value == expected, "p \(expression): emu \(value ?? "nothing"), gdb \(expected)\n\(emu.stdoutText)")
        }
    }

    @Test func aMissingSourceFileIsSaid() throws {
        // A copy of the program elsewhere: the line table's relative path finds no file.
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Paths.packageRoot + "/" + Self.programs[0], toPath: directory + "/inventory")
        let result = try EmuBinary.run(["debug", "--screen", "24x80", directory + "/inventory"], input: Array("b main\nc\nl\n".utf8),
                                       currentDirectory: directory)
        #expect(result.stdoutText.contains("list: cannot find the source file dwarf/inventory.c"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("(source file dwarf/inventory.c not found)"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("Disassembly"))
    }

    // MARK: - The TUI in tmux

    @Test(.enabled(if: Oracle.available("tmux")))
    func sourcePaneFollowsTheLineInTmux() throws {
        guard let tmux = try Oracle.require("tmux") else { return }
        let emu = try EmuBinary.path()
        let mainFirst = try Self.line("main-first"), mainLocal = try Self.line("main-local")
        let steps: [TmuxDriver.Step] = [
            .keys("", "(emu)"),
            .keys("'b main' Enter", "breakpoint 1 at"),
            .keys("c Enter", "●> \(mainFirst) "),
            .keys("n Enter", " > \(mainLocal) "),
            .keys("q Enter", "EMU-EXIT="),
        ]
        let screens = try TmuxDriver.run(tmux, command: "\(emu) debug \(Self.programs[0])", columns: 80, rows: 24, steps: steps)
        #expect(screens.count == 5, "\(screens.map(\.text))")
        for screen in screens {
            #expect(screen.found, "screen never showed '\(screen.awaited)':\n\(screen.text)")
        }
        let afterNext = screens.count > 3 ? screens[3].text : ""
        #expect(afterNext.contains("Source dwarf/inventory.c:\(mainLocal) in main"), "\(afterNext)")
        #expect(afterNext.contains("●  \(mainFirst) "), "the breakpoint's line keeps its marker\n\(afterNext)")
        #expect(afterNext.contains("struct item local = items[0];"))
        #expect(afterNext.contains("Call stack") && afterNext.contains("#0  main () at dwarf/inventory.c:\(mainLocal)"), "\(afterNext)")
        #expect(afterNext.contains("Disassembly"))
    }
}
