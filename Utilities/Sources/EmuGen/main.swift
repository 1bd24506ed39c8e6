// emu's code generator: writes Sources/Emu/Interpreter/Generated/ from the instruction
// table, or with --check, fails when the checked-in files differ from what it would write.
//
// Usage: EmuGen [--check] <repository root>

import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
let check = arguments.first == "--check"
if check { arguments.removeFirst() }
guard arguments.count == 1 else {
    FileHandle.standardError.write("usage: EmuGen [--check] <repository root>\n".data(using: .utf8)!)
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[0]).appendingPathComponent("Sources/Emu/Interpreter/Generated")
let files = emitHandler() + [emitThunks(), emitLowering(), emitGeneric()]

var stale: [String] = []
let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
for name in existing where !files.contains(where: { $0.name == name }) {
    if check {
        stale.append("\(name): not made by the generator")
    } else {
        try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
}
if !check { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
for file in files {
    let url = folder.appendingPathComponent(file.name)
    let current = try? String(contentsOf: url, encoding: .utf8)
    if current == file.contents { continue }
    if check {
        stale.append("\(file.name): differs from what the instruction table gives")
    } else {
        try file.contents.write(to: url, atomically: true, encoding: .utf8)
        print("wrote \(url.path)")
    }
}
if !stale.isEmpty {
    FileHandle.standardError.write(("Generated/ is stale; run scripts/generate-handlers:\n"
        + stale.map { "  " + $0 }.joined(separator: "\n") + "\n").data(using: .utf8)!)
    exit(1)
}
if check { print("ok: Sources/Emu/Interpreter/Generated matches the instruction table") }
