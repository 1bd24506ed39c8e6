import Emu
import Glibc

/// `emu debug` of a bare-metal binary (one with a `tohost` symbol): the same debugger, TUI,
/// batch commands and GDB server as for a Linux program, over a `BareMetalDebugTarget`, so
/// the binary runs in machine mode from its entry point with the CSRs visible (`csr`, the
/// TUI's register pane, gdb's CSR registers). It ends when the test writes `tohost`:
/// `emu debug` then exits 0 for a pass and 1 for a failure. No reverse execution.
enum BareMetalDebugSession {
    static func main(
        _ elf: ELFFile, path: String, parsed: OptionParser.Parsed, port: UInt16?, historyLimit: Int,
        screenSize: (rows: Int, columns: Int)?
    ) -> Int32 {
        let configuration: BareMetalConfiguration
        do throws(OptionParser.Failure) {
            configuration = try BareMetalSession.configuration(parsed)
        } catch {
            DebugCommand.interface.fail(error.message)
            return ExitStatus.usage
        }
        let runner: BareMetalRunner
        do {
            runner = try BareMetalRunner(elf: elf, configuration: configuration)
        } catch {
            Console.error("emu: \(path): \(error)\n")
            return ExitStatus.cannotRun
        }
        let target = BareMetalDebugTarget(runner: runner)
        let debugger = Debugger(bareMetal: target, historyLimit: historyLimit)
        if let port { return serveGDB(debugger, port: port) }
        // `restart`: a new machine from the entry point.
        let commands = DebuggerCommands(debugger: debugger, symbols: Symbolizer(elf: elf)) {
            guard let runner = try? BareMetalRunner(elf: elf, configuration: configuration) else { return nil }
            return Debugger(bareMetal: BareMetalDebugTarget(runner: runner), historyLimit: historyLimit)
        }
        let batchFile = parsed.last("--batch")
        if batchFile == nil, screenSize == nil, isatty(0) == 1, isatty(1) == 1 {
            return DebuggerTUI(commands: commands, path: path).run()
        }
        return DebugCommand.runBatchSession(commands, batchFile: batchFile, screenSize: screenSize, path: path)
    }

    /// `--gdb PORT`: serves gdb until it kills or detaches (then the test runs to its end).
    static func serveGDB(_ debugger: Debugger, port: UInt16) -> Int32 {
        let socket: GDBSocket
        do {
            socket = try GDBSocket(port: port)
            Console.error("emu: waiting for gdb on 127.0.0.1:\(socket.port) (target remote :\(socket.port))\n")
            try socket.accept()
        } catch {
            Console.error("emu: --gdb: \(error)\n")
            return ExitStatus.usage
        }
        switch GDBServer(debugger: debugger, socket: socket).serve() {
        case .killed:
            return debugger.process.outcome?.exitStatus ?? 128 + LinuxSignal.SIGKILL
        case .detached:
            for breakpoint in debugger.breakpoints { debugger.delete(id: breakpoint.id) }
            while debugger.process.outcome == nil {
                if case .interrupted = debugger.continueExecution() { break }
            }
            return debugger.process.outcome?.exitStatus ?? 0
        }
    }
}
