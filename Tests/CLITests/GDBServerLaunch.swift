import Foundation
import Glibc
import TestSupport

/// An `emu run --gdb 0 PROGRAM ARGS` server (or `emu debug --gdb 0 ...` with `command`) for a
/// test: started from the package root, with the port it bound read from its banner
/// ("emu: waiting for gdb on 127.0.0.1:PORT ...").
struct GDBServerLaunch {
    let process: Process
    let port: Int

    static func start(_ program: String, _ arguments: [String] = [], command: String = "run") throws -> GDBServerLaunch {
        try start(emuArguments: [command, "--gdb", "0", program] + arguments)
    }

    /// Starts `emu EMUARGUMENTS` (which must serve gdb on port 0: `--gdb 0`).
    static func start(emuArguments: [String]) throws -> GDBServerLaunch {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try EmuBinary.path())
        server.arguments = emuArguments
        server.currentDirectoryURL = URL(fileURLWithPath: Paths.packageRoot)
        let errors = Pipe()
        server.standardError = errors
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        var banner = ""
        while !banner.contains("\n") {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        guard let port = banner.components(separatedBy: "127.0.0.1:").dropFirst().first.flatMap({ Int($0.prefix { $0.isNumber }) })
        else {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            throw NoPort(banner: banner)
        }
        return GDBServerLaunch(process: server, port: port)
    }

    struct NoPort: Error, CustomStringConvertible {
        let banner: String
        var description: String { "the gdb server printed no port: \(banner)" }
    }

    /// Waits up to `seconds` for the server to end by itself, then kills it (SIGKILL: a
    /// server still waiting in accept() must not outlive the test).
    func stop(waiting seconds: Double = 0) {
        for _ in 0..<Int(seconds * 20) where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
