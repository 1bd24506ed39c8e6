import Emu
import Glibc

/// The host terminal for the TUI: raw mode (termios), the alternate screen, key input,
/// and drawing a `ScreenBuffer`. The original settings are restored on exit and when a
/// terminating signal arrives; SIGWINCH sets a flag that the TUI polls.
final class Terminal {
    /// Saved settings, global so that a signal handler can restore them.
    nonisolated(unsafe) static var original = termios()
    nonisolated(unsafe) static var isRaw = false
    /// Set by the SIGWINCH handler; the TUI clears it after re-reading the size.
    nonisolated(unsafe) static var resized: sig_atomic_t = 0

    static let enterScreen = "\u{1B}[?1049h\u{1B}[H\u{1B}[2J"
    static let leaveScreen = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"

    /// Enters raw mode and the alternate screen; installs the signal handlers.
    init() {
        tcgetattr(0, &Terminal.original)
        var raw = Terminal.original
        // Raw: no echo, no line buffering, no signals from keys (Ctrl-C arrives as a byte),
        // no CR/LF translation, 8-bit bytes; read returns as soon as one byte is there.
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(0, TCSAFLUSH, &raw)
        Terminal.isRaw = true
        Console.write(1, Terminal.enterScreen)
        for sig in [SIGTERM, SIGHUP, SIGQUIT, SIGINT] {
            signal(sig) { number in
                Terminal.restore()
                _exit(128 + number)
            }
        }
        signal(SIGWINCH) { _ in Terminal.resized = 1 }
    }

    /// Leaves the alternate screen and restores the settings (idempotent).
    static func restore() {
        guard isRaw else { return }
        isRaw = false
        tcsetattr(0, TCSAFLUSH, &original)
        // write(2) is async-signal-safe; Swift strings are avoided in this path.
        let bytes: [UInt8] = Array(leaveScreen.utf8)
        bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
    }

    deinit { Terminal.restore() }

    /// The terminal's size, or 24x80 when it cannot be read.
    var size: (rows: Int, columns: Int) {
        HostTerminal.windowSize(1) ?? (24, 80)
    }

    /// A key.
    enum Key: Equatable {
        case character(Character)
        case enter, backspace, up, down, f5, f10, f11, escape, interrupt, endOfInput
        case pageUp, pageDown, home, end, tab
        case unknown
    }

    /// Waits up to `milliseconds` for input and returns the keys that arrived (several when
    /// typed fast or pasted); empty on timeout (or a signal).
    func readKeys(timeout milliseconds: Int32) -> [Key] {
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        guard count > 0 else { return [.endOfInput] }
        return Terminal.parseKeys(Array(bytes[0..<count]))
    }

    /// Splits input bytes into keys: escape sequences (`ESC [ ... final` or `ESC O x`) and
    /// single bytes.
    static func parseKeys(_ bytes: [UInt8]) -> [Key] {
        var keys: [Key] = []
        var index = 0
        while index < bytes.count {
            var end = index + 1
            if bytes[index] == 27, index + 1 < bytes.count {
                if bytes[index + 1] == UInt8(ascii: "[") {
                    end = index + 2
                    // Parameters are digits and ';'; the sequence ends at the first other byte.
                    while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x3F { end += 1 }
                    end = min(end + 1, bytes.count)
                } else if bytes[index + 1] == UInt8(ascii: "O") {
                    end = min(index + 3, bytes.count)
                }
            }
            keys.append(parseKey(Array(bytes[index..<end])))
            index = end
        }
        return keys
    }

    /// Whether Ctrl-C was typed since the last call (a long command polls this to be
    /// interrupted, as gdb's Ctrl-C interrupts the inferior). Other keys typed meanwhile are
    /// dropped: they were typed at a screen that was not taking commands.
    func interruptTyped() -> Bool {
        var typed = false
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 0) > 0 {
            var bytes = [UInt8](repeating: 0, count: 256)
            let count = bytes.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            if bytes[0..<count].contains(3) { typed = true }
        }
        return typed
    }

    /// Decodes the bytes of one key press (xterm sequences for arrows and F-keys).
    static func parseKey(_ bytes: [UInt8]) -> Key {
        switch bytes {
        case [13], [10]: return .enter
        case [127], [8]: return .backspace
        case [3]: return .interrupt
        case [4]: return .endOfInput
        case [27]: return .escape
        case [27, 91, 65], [27, 79, 65]: return .up
        case [27, 91, 66], [27, 79, 66]: return .down
        case Array("\u{1B}[5~".utf8): return .pageUp
        case Array("\u{1B}[6~".utf8): return .pageDown
        case [27, 91, 72], [27, 79, 72], Array("\u{1B}[1~".utf8): return .home
        case [27, 91, 70], [27, 79, 70], Array("\u{1B}[4~".utf8): return .end
        case [9]: return .tab
        case Array("\u{1B}[15~".utf8): return .f5
        case Array("\u{1B}[21~".utf8): return .f10
        case Array("\u{1B}[23~".utf8): return .f11
        default:
            if bytes.count == 1, bytes[0] >= 0x20, bytes[0] < 0x7F { return .character(Character(UnicodeScalar(bytes[0]))) }
            return .unknown
        }
    }

    /// Draws `screen` (a full redraw: simple, and fast enough at terminal sizes).
    func draw(_ screen: ScreenBuffer) {
        var text = "\u{1B}[?25l\u{1B}[H"
        var style: ScreenBuffer.Style?
        for row in 0..<screen.rows {
            text += "\u{1B}[\(row + 1);1H"
            for column in 0..<screen.columns {
                let cell = screen[row, column]
                if cell.style != style {
                    style = cell.style
                    text += Terminal.sequence(for: cell.style)
                }
                text.append(cell.character)
            }
        }
        text += "\u{1B}[0m\u{1B}[\(screen.cursor.row + 1);\(screen.cursor.column + 1)H\u{1B}[?25h"
        Console.write(1, text)
    }

    static func sequence(for style: ScreenBuffer.Style) -> String {
        switch style {
        case .normal: return "\u{1B}[0m"
        case .title: return "\u{1B}[0;1;7m"
        case .current: return "\u{1B}[0;30;46m"
        case .changed: return "\u{1B}[0;1;33m"
        case .breakpoint: return "\u{1B}[0;1;31m"
        case .dim: return "\u{1B}[0;2m"
        case .status: return "\u{1B}[0;7m"
        }
    }
}
