/// A GDB remote-serial-protocol server over a `Debugger`: what `gdb -ex 'target remote
/// :PORT'` talks to. It translates packets into debugger commands and events into stop
/// replies; the debugger core knows nothing of it.
///
/// Packets: qSupported (with qXfer:features:read, swbreak, ReverseStep, ReverseContinue,
/// QStartNoAckMode), qXfer:features:read, `?`, g/G, p/P, m/M/X, c/s/C/S, vCont?/vCont,
/// Z0/z0 and Z1/z1 (breakpoints), Z2/z2 (write watchpoints), bs/bc (reverse step and
/// continue), k, D, qAttached, qC, qfThreadInfo/qsThreadInfo, H, T, vMustReplyEmpty,
/// qXfer:auxv:read and qXfer:exec-file:read, qRcmd (`monitor`), and extended-remote mode
/// (`!`, then vKill/k keep the server up and vRun starts the program again, through
/// `restart`). Anything else gets the empty reply, which means "not supported".
public final class GDBServer {
    /// The debugger the server drives (a new one after each vRun).
    public private(set) var debugger: Debugger
    /// Starts the program again for gdb's `run` in extended-remote mode: given the
    /// arguments gdb sent (nil: the original ones), returns a debugger over a new process,
    /// or nil when it cannot (vRun then fails). Nil: vRun is not supported.
    public var restart: ((_ arguments: [String]?) -> Debugger?)?
    /// The host path gdb may load the program from (`qXfer:exec-file:read`).
    public var executablePath: String?
    /// Whether gdb asked for extended-remote mode (`!`).
    private var extended = false
    /// Whether the process was killed in extended mode (and not run again yet).
    private var killed = false
    private let socket: GDBSocket
    private var lastStop = "S05"
    /// Receives one line per packet exchanged, when set (for `--gdb` debugging).
    public var log: ((String) -> Void)?

    /// How a session ended.
    public enum Ending: Sendable, Equatable {
        /// gdb killed the process (`k`), or the connection closed.
        case killed
        /// gdb detached (`D`): the process should run on without the debugger.
        case detached
    }

    /// Creates a server for `debugger` on an accepted `socket`.
    public init(debugger: Debugger, socket: GDBSocket) {
        self.debugger = debugger
        self.socket = socket
    }

    /// Serves packets until gdb kills, detaches or disconnects.
    public func serve() -> Ending {
        debugger.interruptRequested = { [socket] in socket.pollInterrupt() }
        defer { debugger.interruptRequested = nil }
        while let packet = socket.receivePacket() {
            let text = String(decoding: packet, as: UTF8.self)
            log?("<- \(text.prefix(200))")
            if extended, text == "k" || text.hasPrefix("vKill") {
                // Extended mode: the process is gone, the server stays for `run` (k has no reply).
                killed = true
                if text.hasPrefix("vKill") { socket.sendPacket("OK") }
                continue
            }
            if text == "k" || text.hasPrefix("vKill") {
                if text.hasPrefix("vKill") { socket.sendPacket("OK") }
                socket.closeConnection()
                return .killed
            }
            let reply = answer(text, raw: packet)
            log?("-> \(reply.prefix(200))")
            socket.sendPacket(reply)
            if text == "QStartNoAckMode" { socket.noAck = true }
            if text.hasPrefix("D") {
                socket.closeConnection()
                return .detached
            }
        }
        return .killed
    }

    // MARK: - FP registers (org.gnu.gdb.riscv.fpu)

    /// The width of an f register for gdb: 64 with D, 32 with F alone, nil without F.
    var floatBits: Int? {
        let isa = debugger.machine.isa
        return isa.f ? (isa.d ? 64 : 32) : nil
    }

    /// `p` for f0...f31 (33...64) and fflags/frm/fcsr (66...68), little-endian hex; nil for
    /// any other number (or without F).
    func floatRegisterText(_ number: Int) -> String? {
        guard let floatBits else { return nil }
        let hart = debugger.machine.hart
        let first = GDBTargetDescription.firstFloatRegister, csr = GDBTargetDescription.firstCSR
        if (first..<first + 32).contains(number) {
            let value = hart.floatRegister(number - first)
            let low = GDBServer.hex32(UInt32(truncatingIfNeeded: value))
            return floatBits == 64 ? low + GDBServer.hex32(UInt32(truncatingIfNeeded: value >> 32)) : low
        }
        switch number - csr {
        case 1: return GDBServer.hex32(hart.fcsr & 0x1F)
        case 2: return GDBServer.hex32(hart.fcsr >> 5 & 7)
        case 3: return GDBServer.hex32(hart.fcsr & 0xFF)
        default: return nil
        }
    }

    /// `P` for the FP registers: `bytes` must be exactly the register's width.
    func setFloatRegister(_ number: Int, _ bytes: [UInt8]) -> Bool {
        guard let floatBits else { return false }
        let machine = debugger.machine, hart = machine.hart
        let first = GDBTargetDescription.firstFloatRegister, csr = GDBTargetDescription.firstCSR
        if (first..<first + 32).contains(number) {
            guard bytes.count == floatBits / 8 else { return false }
            let low = UInt64(GDBServer.word(bytes, at: 0))
            // A single written alone is NaN-boxed, as the hart would hold it.
            let value = floatBits == 64 ? low | UInt64(GDBServer.word(bytes, at: 4)) << 32 : 0xFFFF_FFFF_0000_0000 | low
            hart.setFloatRegister(number - first, value)
            machine.csrs.markFloatDirty()
            return true
        }
        guard bytes.count == 4, (1...3).contains(number - csr) else { return false }
        guard machine.csrs.write(UInt16(number - csr), GDBServer.word(bytes, at: 0), hart: hart) else { return false }
        return true
    }

    // MARK: - Packets

    func answer(_ text: String, raw: [UInt8]) -> String {
        let machine = debugger.machine
        guard let first = text.first else { return "" }
        switch first {
        case "?": return killed ? "W00" : lastStop
        case "!":
            extended = true
            return "OK"
        case "g":
            return (0..<32).map { GDBServer.hex32(machine.hart[$0]) }.joined() + GDBServer.hex32(machine.hart.pc)
        case "G":
            let bytes = GDBServer.bytes(fromHex: text.dropFirst())
            guard let bytes, bytes.count >= 33 * 4 else { return "E01" }
            for index in 1...32 {
                debugger.setRegister(index, GDBServer.word(bytes, at: index * 4))
            }
            return "OK"
        case "p":
            // Int(_:radix:) accepts a sign: "p-1" must not index the register file.
            guard let number = Int(text.dropFirst(), radix: 16), number >= 0 else { return "E01" }
            if number < 32 { return GDBServer.hex32(machine.hart[number]) }
            if number == 32 { return GDBServer.hex32(machine.hart.pc) }
            if let text = floatRegisterText(number) { return text }
            if number == GDBTargetDescription.privNumber { return GDBServer.hex32(UInt32(machine.hart.privilege.rawValue)) }
            let csr = number - GDBTargetDescription.firstCSRNumber
            if (0..<4096).contains(csr), let value = machine.debuggerReadCSR(UInt16(csr)) {
                return GDBServer.hex32(value)
            }
            return "E45"
        case "P":
            let parts = text.dropFirst().split(separator: "=")
            if parts.count == 2, let number = Int(parts[0], radix: 16), number > 32,
                let bytes = GDBServer.bytes(fromHex: parts[1])
            {
                return setFloatRegister(number, bytes) ? "OK" : "E01"
            }
            guard parts.count == 2, let number = Int(parts[0], radix: 16), number <= 32,
                let bytes = GDBServer.bytes(fromHex: parts[1]), bytes.count == 4
            else { return "E01" }
            if number > 0 { debugger.setRegister(number, GDBServer.word(bytes, at: 0)) }
            return "OK"
        case "m":
            guard let (address, length) = GDBServer.addressLength(text.dropFirst()), length <= 0x10000,
                let bytes = machine.memory.read(address, count: length)
            else { return "E14" }
            return bytes.map { GDBServer.hex8($0) }.joined()
        case "M":
            guard let colon = text.firstIndex(of: ":"),
                let (address, length) = GDBServer.addressLength(text[text.index(after: text.startIndex)..<colon]),
                let bytes = GDBServer.bytes(fromHex: text[text.index(after: colon)...]), bytes.count == length
            else { return "E01" }
            return debugger.writeMemory(bytes, at: address) ? "OK" : "E14"
        case "X":
            guard let colon = raw.firstIndex(of: UInt8(ascii: ":")),
                let (address, length) = GDBServer.addressLength(String(decoding: raw[1..<colon], as: UTF8.self)[...])
            else { return "E01" }
            let bytes = Array(raw[(colon + 1)...])
            guard bytes.count == length else { return "E01" }
            return debugger.writeMemory(bytes, at: address) ? "OK" : "E14"
        case "c", "C": return resume(step: false, address: text.dropFirst().split(separator: ";").last.flatMap { first == "c" ? UInt32($0, radix: 16) : nil })
        case "s", "S": return resume(step: true, address: text.dropFirst().split(separator: ";").last.flatMap { first == "s" ? UInt32($0, radix: 16) : nil })
        case "b":
            if text == "bs" { return stopReply(debugger.reverseStep()) }
            if text == "bc" { return stopReply(GDBServer.asNonsteppable(debugger.reverseContinue(), debugger, forwards: false)) }
            return ""
        case "Z", "z": return breakOrWatch(text, insert: first == "Z")
        case "H", "T": return "OK"
        case "D": return "OK"
        case "v": return vPacket(text)
        case "q", "Q": return query(text)
        default: return ""
        }
    }

    private func vPacket(_ text: String) -> String {
        if text == "vCont?" { return "vCont;c;C;s;S" }
        if text == "vMustReplyEmpty" { return "" }
        if text.hasPrefix("vRun;") { return run(text.dropFirst(5)) }
        if text.hasPrefix("vCont;") {
            // One thread: the first action applies. C/S carry a signal gdb wants delivered;
            // continuing from a fault delivers it anyway, so the number is not needed.
            let action = text.dropFirst(6).split(separator: ";").first ?? "c"
            switch action.first {
            case "s", "S": return resume(step: true, address: nil)
            case "c", "C": return resume(step: false, address: nil)
            default: return "E01"
            }
        }
        return ""
    }

    private func query(_ text: String) -> String {
        if text.hasPrefix("qSupported") {
            return "PacketSize=4000;qXfer:features:read+;qXfer:auxv:read+;qXfer:exec-file:read+;swbreak+;hwbreak+;QStartNoAckMode+;ReverseStep+;ReverseContinue+;vContSupported+"
        }
        if text.hasPrefix("qXfer:auxv:read::") {
            // The vector emu built on the initial stack (a bare-metal machine has none).
            let auxv = (debugger.process as? LinuxProcess)?.auxiliaryVector ?? []
            return GDBServer.transferSlice(auxv, text.dropFirst("qXfer:auxv:read::".count))
        }
        if text.hasPrefix("qXfer:exec-file:read:") {
            // The annex is a pid (or empty): there is one process.
            let rest = text.dropFirst("qXfer:exec-file:read:".count)
            guard let colon = rest.firstIndex(of: ":"), let path = executablePath else { return "E01" }
            return GDBServer.transferSlice(Array(path.utf8), rest[rest.index(after: colon)...])
        }
        if text == "QStartNoAckMode" { return "OK" }
        if text.hasPrefix("qXfer:features:read:target.xml:") {
            guard let (offset, length) = GDBServer.addressLength(text.dropFirst("qXfer:features:read:target.xml:".count)) else {
                return "E01"
            }
            let document = Array(GDBTargetDescription.xml(floatBits: floatBits, machineCSRs: debugger.process is BareMetalDebugTarget).utf8)
            guard Int(offset) <= document.count else { return "E01" }
            // `length` is gdb's to choose, up to Int.max: clamp before adding.
            let end = Int(offset) + min(length, document.count - Int(offset))
            return (end == document.count ? "l" : "m") + String(decoding: document[Int(offset)..<end], as: UTF8.self)
        }
        if text.hasPrefix("qXfer:") { return "" }
        if text.hasPrefix("qRcmd,") { return monitor(text.dropFirst("qRcmd,".count)) }
        if text == "qAttached" { return "1" }
        if text == "qC" { return "QC1" }
        if text == "qfThreadInfo" { return "m1" }
        if text == "qsThreadInfo" { return "l" }
        if text.hasPrefix("qSymbol") { return "OK" }
        return ""
    }

    /// gdb's `monitor` command (qRcmd, the command hex-encoded): `instret` (the current
    /// instruction count) and `history` (what the reverse-execution history holds). The
    /// reply is the output, hex-encoded, as the protocol allows in place of `O` packets.
    private func monitor(_ hex: Substring) -> String {
        guard let bytes = GDBServer.bytes(fromHex: hex) else { return "E01" }
        let command = String(decoding: bytes, as: UTF8.self).trimmingWhitespace
        let output: String
        switch command {
        case "instret":
            output = "instret \(debugger.machine.hart.instret) (live end \(debugger.liveInstret))\n"
        case "history":
            output = "history: \(debugger.historySpan) instructions, \(debugger.historyCheckpoints) checkpoints (\(debugger.historyPageVersions) page copies), \(debugger.historyEvents) system calls logged, \(debugger.historyBytes) bytes of \(debugger.historyLimit)\n"
        case "record stop":
            // gdb's own `record stop` would ask gdb's record target, which is not in use:
            // the history is the server's, so `monitor record stop` clears it.
            let span = debugger.discardHistory()
            output = "record stopped: the history of \(span) instructions was deleted; reverse execution now starts at instruction \(debugger.machine.hart.instret)\n"
        case "help":
            output = "monitor commands: instret, history, record stop, help\n"
        default:
            output = "unknown monitor command '\(command)'; try 'help'\n"
        }
        return output.utf8.map { GDBServer.hex8($0) }.joined()
    }

    /// vRun (gdb's `run` in extended mode): `FILE[;ARG]...`, each hex-encoded; an empty
    /// FILE means the program being debugged. Breakpoints and watchpoints carry over (gdb
    /// inserts its own again anyway). The reply is the stop at the first instruction.
    private func run(_ text: Substring) -> String {
        guard let restart else { return "E01" }
        let fields = text.split(separator: ";", omittingEmptySubsequences: false)
        var arguments: [String] = []
        for field in fields.dropFirst() {
            guard let bytes = GDBServer.bytes(fromHex: field) else { return "E01" }
            arguments.append(String(decoding: bytes, as: UTF8.self))
        }
        guard let fresh = restart(arguments.isEmpty ? nil : arguments) else { return "E01" }
        for breakpoint in debugger.breakpoints { fresh.addBreakpoint(at: breakpoint.address) }
        for watch in debugger.watchpoints { fresh.addWatchpoint(at: watch.address, length: watch.length, kind: watch.kind) }
        debugger.interruptRequested = nil
        fresh.interruptRequested = { [socket] in socket.pollInterrupt() }
        debugger = fresh
        killed = false
        return stopReply(.stepped)
    }

    /// The reply to a qXfer read of `document` at `OFFSET,LENGTH` (hex): `m` and a slice, or
    /// `l` and the last one. Each byte is one scalar below 256, which `GDBSocket.sendPacket`
    /// sends as that byte (escaping `}` `#` `$` `*`, as binary data needs).
    static func transferSlice(_ document: [UInt8], _ range: Substring) -> String {
        guard let (offset, length) = addressLength(range), Int(offset) <= document.count else { return "E01" }
        // `length` is gdb's to choose, up to Int.max: clamp before adding.
        let end = Int(offset) + min(length, document.count - Int(offset))
        var reply = end == document.count ? "l" : "m"
        for byte in document[Int(offset)..<end] { reply.unicodeScalars.append(UnicodeScalar(byte)) }
        return reply
    }

    private func breakOrWatch(_ text: String, insert: Bool) -> String {
        let fields = text.dropFirst().split(separator: ",")
        guard fields.count >= 3, let kind = Int(fields[0]), let address = UInt32(fields[1], radix: 16),
            let length = UInt32(fields[2].split(separator: ";")[0], radix: 16)
        else { return "E01" }
        switch kind {
        case 0, 1:
            if insert { return debugger.addBreakpoint(at: address) == nil ? "E01" : "OK" }
            debugger.deleteBreakpoint(at: address)
            return "OK"
        case 2, 3, 4:
            // Z2 write, Z3 read, Z4 access watchpoints.
            let kind: Debugger.WatchKind = kind == 2 ? .write : kind == 3 ? .read : .access
            if insert { return debugger.addWatchpoint(at: address, length: max(length, 1), kind: kind) == nil ? "E01" : "OK" }
            debugger.deleteWatchpoint(at: address, length: max(length, 1), kind: kind)
            return "OK"
        default:
            return ""
        }
    }

    private func resume(step: Bool, address: UInt32?) -> String {
        if let address { debugger.setRegister(32, address) }
        let event = step ? debugger.step() : debugger.continueExecution()
        return stopReply(GDBServer.asNonsteppable(event, debugger, forwards: true))
    }

    /// Moves a watchpoint stop to where gdb's RISC-V support expects it. gdb treats RISC-V
    /// watchpoints as "nonsteppable" (the debug spec's triggers fire before the access):
    /// on a watchpoint report it removes its watchpoints, steps one instruction in the
    /// direction of travel and only then shows the stop. So forwards the report must come
    /// before the writing instruction (gdb then steps over it, and stops after it, where
    /// its software watchpoints stop); backwards it must come after it (gdb steps back over
    /// it, and stops at it). The debugger core stops forwards after the write and
    /// backwards at it: one step in the other direction puts the report where gdb wants it.
    ///
    /// A read stops before the reading instruction in both directions, which is where gdb
    /// wants it forwards; backwards it too must come after it.
    static func asNonsteppable(_ event: DebugEvent, _ debugger: Debugger, forwards: Bool) -> DebugEvent {
        switch event {
        case .watchpoint: if forwards { _ = debugger.reverseStep() } else { _ = debugger.step() }
        case .readWatchpoint: if !forwards { _ = debugger.step() }
        default: break
        }
        return event
    }

    /// The stop reply for an event (and remembers it for `?`).
    func stopReply(_ event: DebugEvent) -> String {
        let reply: String
        switch event {
        case .stepped: reply = "T05thread:1;"
        case .interrupted: reply = "T02thread:1;"
        case .breakpoint: reply = "T05swbreak:;thread:1;"
        case .watchpoint(let id, let address):
            let access = debugger.watchpoints.first { $0.id == id }?.kind == .access
            reply = "T05\(access ? "awatch" : "watch"):\(String(address, radix: 16));thread:1;"
        case .readWatchpoint(let id, let address):
            let access = debugger.watchpoints.first { $0.id == id }?.kind == .access
            reply = "T05\(access ? "awatch" : "rwatch"):\(String(address, radix: 16));thread:1;"
        case .historyStart: reply = "T05replaylog:begin;thread:1;"
        case .fault(_, let signal): reply = "T\(GDBServer.hex8(GDBServer.gdbSignal(signal)))thread:1;"
        case .exited(.exited(let status)): reply = "W\(GDBServer.hex8(UInt8(truncatingIfNeeded: status)))"
        case .exited(.signaled(let signal, _)): reply = "X\(GDBServer.hex8(GDBServer.gdbSignal(signal)))"
        case .exited(let outcome): reply = "W\(GDBServer.hex8(UInt8(truncatingIfNeeded: outcome.exitStatus)))"
        }
        lastStop = reply
        return reply
    }

    /// gdb's own signal numbers (its `enum gdb_signal`), which differ from Linux's above 9.
    static func gdbSignal(_ linux: Int32) -> UInt8 {
        switch linux {
        case LinuxSignal.SIGBUS: return 10
        case LinuxSignal.SIGSYS: return 12
        default: return UInt8(truncatingIfNeeded: linux)
        }
    }

    // MARK: - Encoding

    static func hex8(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// A register as the `g` packet sends it: target byte order (little-endian) in hex.
    static func hex32(_ value: UInt32) -> String {
        (0..<4).map { hex8(UInt8(truncatingIfNeeded: value >> (8 * $0))) }.joined()
    }

    static func word(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    static func bytes<S: StringProtocol>(fromHex text: S) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count / 2)
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let byte = UInt8(String(decoding: utf8[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            result.append(byte)
        }
        return result
    }

    /// Parses `ADDR,LENGTH` (hex).
    static func addressLength<S: StringProtocol>(_ text: S) -> (UInt32, Int)? {
        let parts = text.split(separator: ",")
        guard parts.count == 2, let address = UInt32(parts[0], radix: 16), let length = Int(parts[1], radix: 16),
            length >= 0
        else { return nil }
        return (address, length)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation here).
    fileprivate var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
