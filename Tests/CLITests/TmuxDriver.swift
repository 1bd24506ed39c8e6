import Foundation
import TestSupport

/// Drives a program in a real terminal (tmux, on a private socket in a directory of its
/// own, removed at the end) through steps, and returns the screen after each.
///
/// One shell script drives tmux, because a tmux client hands its standard streams to the
/// tmux server, which keeps them open: every tmux call's streams go to files or /dev/null,
/// so that reading the script's output ends when the script does.
struct TmuxDriver {
    /// One thing to do, then the text to wait for (up to `timeout` seconds) before the
    /// screen is captured.
    struct Step {
        /// tmux `send-keys` arguments (already quoted for the shell), or empty.
        var keys: String = ""
        /// A new window size (columns, rows), or nil.
        var resize: (columns: Int, rows: Int)?
        var awaited: String
        /// Seconds to sleep after the text appeared (to let a running screen move on).
        var settle: Double = 0

        static func keys(_ keys: String, _ awaited: String, settle: Double = 0) -> Step {
            Step(keys: keys, awaited: awaited, settle: settle)
        }
        static func resize(_ columns: Int, _ rows: Int, _ awaited: String) -> Step {
            Step(resize: (columns, rows), awaited: awaited)
        }
    }

    /// The screen after each step, and whether the awaited text appeared on it.
    struct Screen {
        var awaited: String
        var text: String
        var found: Bool { text.contains(awaited) }
    }

    /// Runs `command` (a shell command, from the package root) in a `columns`x`rows`
    /// window, then `steps`.
    static func run(_ tmux: String, command: String, columns: Int, rows: Int, steps: [Step], timeout: Double = 10) throws -> [Screen] {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/tmux.socket"
        let capture = directory + "/screen.txt"
        let tries = Int(timeout / 0.05)
        var script = """
            T() { "\(tmux)" -S "\(socket)" -f /dev/null "$@" </dev/null >/dev/null 2>&1; }
            show() {
              i=0
              while [ $i -lt \(tries) ]; do
                "\(tmux)" -S "\(socket)" -f /dev/null capture-pane -p </dev/null >"\(capture)" 2>/dev/null
                grep -qF -- "$1" "\(capture)" && break
                sleep 0.05; i=$((i+1))
              done
              [ -n "$2" ] && sleep "$2" && "\(tmux)" -S "\(socket)" -f /dev/null capture-pane -p </dev/null >"\(capture)" 2>/dev/null
              echo "=== STEP"; cat "\(capture)"
            }
            T new-session -d -x \(columns) -y \(rows) "cd \(Paths.packageRoot) && \(command); echo EMU-EXIT=\\$?; sleep 30"

            """
        for step in steps {
            if let size = step.resize { script += "T resize-window -x \(size.columns) -y \(size.rows)\n" }
            if !step.keys.isEmpty { script += "T send-keys \(step.keys)\n" }
            script += "show '\(step.awaited.replacingOccurrences(of: "'", with: "'\\''"))' \(step.settle > 0 ? String(step.settle) : "")\n"
        }
        script += "T kill-server\nrm -f \"\(capture)\"\n"
        let result = try ProcessRunner.run("/bin/sh", ["-c", script], environment: ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
        let sections = result.stdoutText.components(separatedBy: "=== STEP\n").dropFirst()
        return zip(steps, sections).map { Screen(awaited: $0.awaited, text: $1) }
    }
}
