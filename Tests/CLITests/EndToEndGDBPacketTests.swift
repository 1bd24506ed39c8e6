import Foundation
import TestSupport
import Testing

/// gdb-multiarch sessions for the remote-protocol features beyond stepping: `info auxv`
/// (qXfer:auxv:read), gdb finding the program by itself (qXfer:exec-file:read), `run`
/// after `kill` in extended-remote mode (vRun), and `monitor record stop`. Each asserts
/// what gdb prints.
@Suite struct EndToEndGDBPacketTests {
    static let program = "programs/bin/exitcode.elf"

    /// Runs gdb in batch mode with `commands` against `emu run --gdb 0 PROGRAM 7`; with
    /// `file` false gdb is not given the program. Returns gdb's output and errors, and the
    /// server's exit status.
    func session(_ gdb: String, _ commands: [String], file: Bool = true) throws -> (text: String, status: Int32) {
        let launch = try GDBServerLaunch.start(Self.program, ["7"])
        defer { launch.stop() }
        let script = (["set pagination off", "set confirm off"] + commands).joined(separator: "\n")
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/session.gdb"
        try script.replacingOccurrences(of: "PORT", with: String(launch.port)).write(toFile: path, atomically: true, encoding: .utf8)
        // Without the program on the command line gdb runs where it cannot find it by a
        // relative path: only the absolute path the server sends can lead it there.
        let result = try ProcessRunner.run(
            gdb, ["-nx", "-batch", "-x", path] + (file ? [Self.program] : []),
            currentDirectory: file ? Paths.packageRoot : directory)
        launch.stop(waiting: 10)
        return (result.stdoutText + "\n" + result.stderrText, launch.process.terminationStatus)
    }

    /// `info auxv` shows the vector the guest finds on its stack: the test reads the stack
    /// at the first instruction through gdb's own memory reads (x/wx from $sp: argc, argv,
    /// envp, then the pairs) and compares each key and value; AT_ENTRY is the entry point
    /// readelf reads from the file, AT_PHNUM its program-header count.
    @Test(.enabled(if: Oracle.available("gdb-multiarch") && Oracle.available("riscv64-unknown-elf-readelf")))
    func infoAuxvShowsTheGuestsVector() throws {
        guard let gdb = try Oracle.require("gdb-multiarch"), let readelf = try Oracle.require("riscv64-unknown-elf-readelf") else { return }
        let (text, _) = try session(gdb, ["target remote :PORT", "info auxv", "echo STACK\\n", "x/64wx $sp", "kill"])
        let header = try ProcessRunner.run(readelf, ["-h", "-l", Self.program], currentDirectory: Paths.packageRoot).stdoutText
        let entry = try #require(header.split(separator: "\n").first { $0.contains("Entry point address:") }.flatMap {
            UInt32($0.split(separator: "0x").last ?? "", radix: 16)
        })
        let headers = try #require(header.split(separator: "\n").first { $0.contains("Number of program headers:") }.flatMap {
            Int($0.split(separator: " ").last ?? "")
        })
        // gdb's lines: "9    AT_ENTRY             Entry point of program         0x1013c".
        var shown: [(key: UInt32, value: UInt32)] = []
        for line in text.split(separator: "\n") where line.contains(" AT_") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let key = UInt32(fields[0]) else { continue }
            let valueField = line.contains("AT_EXECFN") ? fields[fields.count - 2] : fields[fields.count - 1]
            let value = valueField.hasPrefix("0x") ? UInt32(valueField.dropFirst(2), radix: 16) : UInt32(valueField)
            shown.append((key, try #require(value, "\(line)")))
        }
        #expect(shown.count >= 10, "\(text)")
        #expect(shown.contains { $0.key == 9 && $0.value == entry }, "AT_ENTRY is readelf's entry 0x\(String(entry, radix: 16)):\n\(text)")
        #expect(shown.contains { $0.key == 5 && $0.value == UInt32(headers) }, "AT_PHNUM \(headers):\n\(text)")
        #expect(shown.contains { $0.key == 6 && $0.value == 4096 }, "AT_PAGESZ")
        #expect(shown.last?.key == 0, "ends with AT_NULL")
        // The stack as the guest sees it.
        let stackText = try #require(text.components(separatedBy: "STACK\n").last)
        var words: [UInt32] = []
        for line in stackText.split(separator: "\n") where line.hasPrefix("0x") && line.contains(":\t") {
            words += line.split(separator: "\t").dropFirst().compactMap { UInt32($0.dropFirst(2), radix: 16) }
        }
        let argc = Int(try #require(words.first))
        var index = 1 + argc + 1
        while index < words.count, words[index] != 0 { index += 1 }
        index += 1
        var stack: [(key: UInt32, value: UInt32)] = []
        while index + 1 < words.count {
            stack.append((words[index], words[index + 1]))
            if words[index] == 0 { break }
            index += 2
        }
        #expect(stack.map(\.key) == shown.map(\.key), "keys: stack \(stack.map(\.key)), gdb \(shown.map(\.key))")
        #expect(stack.map(\.value) == shown.map(\.value), "values: stack \(stack.map(\.value)), gdb \(shown.map(\.value))")
    }

    /// gdb given no file asks the server which program runs, loads its symbols from the
    /// absolute path it gets, and `break main` works.
    @Test(.enabled(if: Oracle.available("gdb-multiarch")))
    func gdbFindsTheProgramByItself() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let (text, status) = try session(gdb, ["target remote :PORT", "info inferiors", "break main", "continue", "continue"], file: false)
        let absolute = Paths.packageRoot + "/" + Self.program
        #expect(text.contains("Reading symbols from \(absolute)"), "\(text)")
        #expect(text.contains("Breakpoint 1, 0x") && text.contains(" in main ()"), "\(text)")
        #expect(text.contains("exited with code 07"), "\(text)")
        #expect(status == 7)
    }

    /// Extended-remote: `kill` keeps the server, `run` starts the program again from its
    /// first instruction, with breakpoints, to the same exit; `run` with arguments passes
    /// them (exitcode exits with its argument).
    @Test(.enabled(if: Oracle.available("gdb-multiarch")))
    func runAfterKillInExtendedRemote() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let (text, _) = try session(gdb, [
            "target extended-remote :PORT", "break main", "continue", "echo MARK first\\n", "p $instret",
            "kill", "echo MARK killed\\n", "run", "echo MARK second\\n", "p $instret", "continue",
            "run 9", "continue",
        ])
        let marks = text.components(separatedBy: "MARK ")
        #expect(marks.count == 4, "\(text)")
        guard marks.count == 4 else { return }
        #expect(marks[0].contains("Breakpoint 1, 0x"), "\(text)")
        #expect(marks[2].contains("[Inferior 1 (Remote target) killed]") || marks[1].contains("killed]"), "\(text)")
        #expect(marks[2].contains("Breakpoint 1, 0x"), "run stopped at main again:\n\(text)")
        // The same instruction count at main in both runs: a fresh process from the start.
        let counts = text.split(separator: "\n").filter { $0.hasPrefix("$") }.map { $0.split(separator: "=").last ?? "" }
        #expect(counts.count == 2 && counts[0] == counts[1], "\(counts)")
        #expect(marks[3].contains("exited with code 07"), "\(text)")
        #expect(marks[3].contains("exited with code 011"), "run 9 passed the argument (gdb prints octal):\n\(text)")
    }

    /// `monitor record stop` deletes the history: reverse-stepi then reports its start,
    /// as gdb says when a recording has nothing before; `monitor help` lists the commands.
    @Test(.enabled(if: Oracle.available("gdb-multiarch")))
    func monitorRecordStop() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let (text, _) = try session(gdb, [
            "target remote :PORT", "break main", "continue", "reverse-stepi", "echo MARK before\\n", "stepi",
            "monitor record stop", "reverse-stepi", "echo MARK after\\n", "monitor help", "kill",
        ])
        let marks = text.components(separatedBy: "MARK ")
        #expect(marks.count == 3, "\(text)")
        guard marks.count == 3 else { return }
        #expect(!marks[0].contains("No more reverse-execution history"), "history before the stop:\n\(text)")
        #expect(marks[1].contains("No more reverse-execution history."), "\(text)")
        // gdb writes what the target says to its error stream (after its output here).
        #expect(text.contains("record stopped: the history of "), "\(text)")
        #expect(text.contains("monitor commands: instret, history, record stop, help"), "\(text)")
    }
}
