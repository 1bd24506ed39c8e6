import Emu
import Foundation
import TestSupport
import Testing

/// `--trace` with memory accesses, `--trace-file` and `--trace-filter`. The loaded values
/// are checked against the program file itself (loads from the read-only image must give
/// its bytes) and against the stores the trace reports (a load sees the last store).
@Suite struct EndToEndTraceTests {
    static let program = "programs/bin/sorthash.elf"

    struct Access {
        var pc: UInt32
        var load: Bool
        var address: UInt32
        var value: UInt32
        var width: Int
    }

    /// The `; load A -> V` and `; store A <- V` parts of trace lines.
    static func accesses(_ text: String) -> [Access] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.components(separatedBy: "  ; ")
            guard let pc = UInt32(line.prefix(8), radix: 16),
                let access = parts.first(where: { $0.hasPrefix("load ") || $0.hasPrefix("store ") })
            else { return nil }
            let words = access.split(separator: " ")
            guard words.count == 4, let address = UInt32(words[1].dropFirst(2), radix: 16),
                let value = UInt32(words[3].dropFirst(2), radix: 16)
            else { return nil }
            return Access(pc: pc, load: words[0] == "load", address: address, value: value, width: (words[3].count - 2) / 2)
        }
    }

    @Test func loadsAndStoresAgreeWithTheFileAndEachOther() throws {
        let result = try EmuBinary.run(["run", "--trace", EndToEndTraceTests.program, "50"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 0)
        let accesses = EndToEndTraceTests.accesses(result.stderrText)
        #expect(accesses.filter(\.load).count > 1000)
        #expect(accesses.filter { !$0.load }.count > 1000)
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.packageRoot + "/" + EndToEndTraceTests.program))))
        var memory: [UInt32: UInt8] = [:]
        var checkedAgainstFile = 0, checkedAgainstStores = 0
        for access in accesses {
            let bytes = (0..<access.width).map { UInt8(truncatingIfNeeded: access.value >> (8 * $0)) }
            if access.load {
                let addresses = (0..<UInt32(access.width)).map { access.address &+ $0 }
                if addresses.allSatisfy({ memory[$0] != nil }) {
                    #expect(addresses.map { memory[$0]! } == bytes, "load at \(String(access.pc, radix: 16))")
                    checkedAgainstStores += 1
                } else if let segment = elf.segments.first(where: { !$0.writable && $0.contains(access.address) }),
                    access.address - segment.vaddr + UInt32(access.width) <= UInt32(segment.fileBytes.count)
                {
                    let start = Int(access.address - segment.vaddr)
                    #expect(Array(segment.fileBytes[start..<start + access.width]) == bytes, "load at \(String(access.pc, radix: 16))")
                    checkedAgainstFile += 1
                }
            } else {
                for (index, byte) in bytes.enumerated() { memory[access.address &+ UInt32(index)] = byte }
            }
        }
        #expect(checkedAgainstFile > 10)
        #expect(checkedAgainstStores > 100)
    }

    /// `--trace-file` gets what stderr would; `--trace-filter` keeps only the range.
    @Test func fileAndFilter() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/trace.txt"
        let toStderr = try EmuBinary.run(["run", "--trace", "programs/bin/exitcode.elf", "4"], currentDirectory: Paths.packageRoot)
        let toFile = try EmuBinary.run(["run", "--trace-file", file, "programs/bin/exitcode.elf", "4"], currentDirectory: Paths.packageRoot)
        #expect(toFile.status == 4)
        #expect(toFile.stderr.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == toStderr.stderrText)

        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.packageRoot + "/programs/bin/exitcode.elf"))))
        let main = try #require(elf.symbol(named: "main"))
        let filtered = try EmuBinary.run(["run", "--trace-filter", "main", "programs/bin/exitcode.elf", "4"], currentDirectory: Paths.packageRoot)
        let pcs = filtered.stderrText.split(separator: "\n").compactMap { UInt32($0.prefix(8), radix: 16) }
        #expect(!pcs.isEmpty)
        #expect(pcs.allSatisfy { $0 >= main.value && $0 < main.value + main.size })
        #expect(pcs.first == main.value)
        let range = "\(String(main.value, radix: 16))-\(String(main.value + 8, radix: 16))"
        let byRange = try EmuBinary.run(["run", "--trace-filter", range, "programs/bin/exitcode.elf", "4"], currentDirectory: Paths.packageRoot)
        #expect(byRange.stderrText.split(separator: "\n").count <= 4)
        let bad = try EmuBinary.run(["run", "--trace-filter", "no_such_symbol", "programs/bin/exitcode.elf"], currentDirectory: Paths.packageRoot)
        #expect(bad.status == 125)
        #expect(bad.stderrText.contains("no such symbol"))
    }

    /// `--trace` keeps `--max-insns` exact: the traced run stops where the untraced one does,
    /// having traced exactly that many instructions (it used to stop only at a system call, so
    /// a long stretch without one ran to the end).
    @Test func instructionLimitHoldsWhileTracing() throws {
        let limit = 3000
        let traced = try EmuBinary.run(["run", "--trace", "--max-insns", "\(limit)", "programs/bin/float/fpwork", "1"], currentDirectory: Paths.packageRoot)
        #expect(traced.status == 124)
        let lines = traced.stderrText.split(separator: "\n").filter { UInt32($0.prefix(8), radix: 16) != nil }
        #expect(lines.count == limit)
        let untraced = try EmuBinary.run(["run", "--max-insns", "\(limit)", "programs/bin/float/fpwork", "1"], currentDirectory: Paths.packageRoot)
        #expect(untraced.status == 124)
        #expect(untraced.stdout == traced.stdout)
    }
}
