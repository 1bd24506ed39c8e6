import Decoder
import Foundation
import Testing
import TestSupport

/// Compares emu's disassembly with `objdump -d` on whole ELF programs: every instruction
/// line, including the ` <symbol+0x..>` annotations of jump and branch targets. The symbol
/// lookup is done the way objdump does it (the nearest preceding text symbol, as listed
/// by `nm`), independently of objdump's output.
@Suite("objdump oracle: ELF programs")
struct ObjdumpELFOracleTests {
    /// Text symbols of an ELF, sorted by address, read with `nm`.
    struct SymbolTable {
        var symbols: [(address: UInt32, name: String)] = []

        init(nm: String, elf: String) throws {
            let result = try ProcessRunner.run(nm, ["-n", "--defined-only", elf])
            for line in result.stdoutText.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 3, "TtWw".contains(parts[1]),
                    let address = UInt32(parts[0], radix: 16)
                else { continue }
                // Mapping symbols (`$x`, `$d`) are not shown by objdump.
                if parts[2].hasPrefix("$") { continue }
                symbols.append((address, String(parts[2])))
            }
        }

        /// `name` or `name+0x..` for the nearest symbol at or below `address`.
        func describe(_ address: UInt32) -> String? {
            guard let index = symbols.lastIndex(where: { $0.address <= address }) else {
                return nil
            }
            // Several symbols can share an address; objdump shows the first one nm lists.
            var first = index
            while first > 0 && symbols[first - 1].address == symbols[index].address {
                first -= 1
            }
            let symbol = symbols[first]
            let offset = address - symbol.address
            return offset == 0 ? symbol.name : symbol.name + "+0x" + String(offset, radix: 16)
        }
    }

    /// The ISA objdump uses at each address: objdump switches architecture at mapping
    /// symbols (`$x<isa>` starts code for that ISA, `$x` code for the file's ISA, `$d`
    /// data), which `nm` does not list, so they are read with `readelf`.
    struct MappingSymbols {
        var regions: [(address: UInt32, isa: String?)] = []

        init(readelf: String, elf: String) throws {
            let attributes = try ProcessRunner.run(readelf, ["-A", elf]).stdoutText
            var fileISA = ""
            for line in attributes.split(separator: "\n") where line.contains("Tag_RISCV_arch") {
                fileISA = line.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
            }
            let table = try ProcessRunner.run(readelf, ["-sW", elf]).stdoutText
            for line in table.split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count == 8, let address = UInt32(fields[1], radix: 16) else {
                    continue
                }
                let name = fields[7]
                if name == "$d" {
                    regions.append((address, nil))
                } else if name.hasPrefix("$x") {
                    let isa = name.dropFirst(2)
                    regions.append((address, isa.isEmpty ? fileISA : String(isa)))
                }
            }
            regions.sort { $0.address < $1.address }
            if regions.isEmpty { regions = [(0, fileISA)] }
        }

        /// The ISA string in force at `address` (nil in a data region).
        func isa(at address: UInt32) -> String? {
            regions.last(where: { $0.address <= address })?.isa ?? regions.first?.isa
        }

        /// Whether an ISA string such as `rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0` has `name`
        /// (a single letter, or a multi-letter name such as `zicsr`).
        static func has(_ isa: String, _ name: String) -> Bool {
            var parts = isa.lowercased().split(separator: "_").map(String.init)
            guard !parts.isEmpty else { return false }
            var letters = Set<Character>()
            // The first part holds the base and the single-letter extensions, each with an
            // optional version such as 2p1.
            for (index, c) in parts[0].dropFirst(4).enumerated() where c.isLetter {
                let previous = index > 0 ? Array(parts[0].dropFirst(4))[index - 1] : "_"
                if c == "p" && previous.isNumber { continue }
                letters.insert(c)
            }
            parts.removeFirst()
            var names = Set<String>()
            for part in parts {
                let base = String(part.prefix { !$0.isNumber })
                if base.count == 1 { letters.insert(Character(base)) } else { names.insert(base) }
            }
            if letters.contains("g") {
                letters.formUnion("imafd")
                names.formUnion(["zicsr", "zifencei"])
            }
            return name.count == 1 ? letters.contains(Character(name)) : names.contains(name)
        }

        /// The extensions objdump needs enabled to decode `inst`.
        static func required(_ inst: Instruction) -> [String] {
            var needs: [String] = inst.isCompressed ? ["c"] : []
            switch inst.opcode.isaExtension {
            case .m: needs.append("m")
            case .a: needs.append("a")
            case .zicsr: needs.append("zicsr")
            case .zifencei: needs.append("zifencei")
            case .zba: needs.append("zba")
            case .zbb: needs.append("zbb")
            case .zbc: needs.append("zbc")
            case .zbs: needs.append("zbs")
            case .f: needs.append("f")
            case .d: needs.append("d")
            case .i, .privileged: break
            }
            return needs
        }
    }

    /// Disassembles `elf` with objdump and with emu and returns (lines compared, mismatches).
    func compare(elf: String, objdump: String, nm: String, readelf: String) throws -> (
        Int, [String]
    ) {
        let result = try ProcessRunner.run(objdump, ["-d", elf])
        #expect(result.status == 0, "objdump -d \(elf) failed: \(result.stderrText)")
        let symbols = try SymbolTable(nm: nm, elf: elf)
        let mapping = try MappingSymbols(readelf: readelf, elf: elf)
        var compared = 0
        var mismatches: [String] = []
        for line in ObjdumpOutput.parse(result.stdoutText) {
            guard let bits = UInt32(line.hex.replacingOccurrences(of: " ", with: ""), radix: 16)
            else { continue }
            // Data regions print as .word/.short/.byte: not instructions.
            guard let isa = mapping.isa(at: line.address) else { continue }
            let length = line.hex.count <= 4 ? 2 : 4
            let inst =
                length == 2 ? decodeCompressed(UInt16(truncatingIfNeeded: bits)) : decode(bits)
            let ours = disassemble(inst, pc: line.address, symbol: symbols.describe)
            compared += 1
            if ours == line.text { continue }
            let theirMnemonic = ObjdumpOutput.mnemonic(line.text)
            if inst.opcode == .illegal {
                // objdump knows more extensions (F, D, ...) and has the quirks listed at
                // ObjdumpOutput.isKnownQuirk.
                if ObjdumpOutput.isKnownQuirk(bits, length: length)
                    || !ObjdumpOutput.isEmuMnemonic(theirMnemonic)
                {
                    continue
                }
            } else if theirMnemonic == ".2byte" || theirMnemonic == ".4byte",
                MappingSymbols.required(inst).contains(where: { !MappingSymbols.has(isa, $0) })
            {
                continue  // objdump decodes this region for an ISA without that extension
            }
            mismatches.append(
                "\(elf) \(String(line.address, radix: 16)): emu '\(ours)' objdump '\(line.text)'")
        }
        return (compared, mismatches)
    }

    @Test("every program in programs/bin disassembles as objdump does")
    func programs() throws {
        guard let objdump = try Oracle.require("riscv64-unknown-elf-objdump"),
            let nm = try Oracle.require("riscv64-unknown-elf-nm"),
            let readelf = try Oracle.require("riscv64-unknown-elf-readelf")
        else { return }
        let elfs = Paths.programELFs()
        if elfs.isEmpty { print("note: programs/bin holds no .elf files yet; nothing to compare") }
        var total = 0
        for elf in elfs {
            let (compared, mismatches) = try compare(elf: elf, objdump: objdump, nm: nm, readelf: readelf)
            total += compared
            #expect(mismatches.isEmpty, "\(mismatches.prefix(40).joined(separator: "\n"))")
        }
        print("objdump ELF oracle: \(elfs.count) programs, \(total) instructions compared")
    }

    /// A program compiled here for RV32IMAC with inline assembly for the Zicsr, Zifencei,
    /// A and privileged instructions, so that the ELF path is exercised even when
    /// programs/bin is empty.
    @Test("a freshly compiled program disassembles as objdump does")
    func freshProgram() throws {
        guard let objdump = try Oracle.require("riscv64-unknown-elf-objdump"),
            let nm = try Oracle.require("riscv64-unknown-elf-nm"),
            let readelf = try Oracle.require("riscv64-unknown-elf-readelf"),
            let gcc = try Oracle.require("riscv64-unknown-elf-gcc")
        else { return }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("emu-decoder-elf-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("prog.c")
        let elf = dir.appendingPathComponent("prog.elf")
        try Self.program.write(to: source, atomically: true, encoding: .utf8)
        let build = try ProcessRunner.run(
            gcc,
            [
                "-march=rv32imac_zicsr_zifencei", "-mabi=ilp32", "-O2", "-nostdlib",
                "-ffreestanding", "-o", elf.path, source.path,
            ])
        try #require(build.status == 0, "gcc failed: \(build.stderrText)")
        let (compared, mismatches) = try compare(elf: elf.path, objdump: objdump, nm: nm, readelf: readelf)
        print("objdump ELF oracle (fresh program): \(compared) instructions compared")
        #expect(compared > 50)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(40).joined(separator: "\n"))")
    }

    static let program = """
        static int table[64];
        static volatile int shared;
        __attribute__((noinline)) int mix(int a, int b) {
            int r = a * b + (a / (b | 1)) - (a % 7) + (int)((unsigned)a >> 3) + (a << 5);
            r ^= (unsigned)b / 3u + (unsigned)a % 5u;
            long long p = (long long)a * b;
            return r + (int)(p >> 32) + (a < b) + ((unsigned)a < (unsigned)b);
        }
        __attribute__((noinline)) int loops(int n) {
            int s = 0;
            for (int i = 0; i < n; i++) { table[i & 63] += i; s += table[(i * 7) & 63]; }
            while (n > 3) { n -= 3; if (n == 10) break; }
            if (s >= 0) s = ~s; else s = -s;
            return s + n + (s > n) + (n != 0) + (s == 0);
        }
        __attribute__((noinline)) unsigned system_stuff(void) {
            unsigned v, c;
            __asm__ volatile("csrr %0, mstatus" : "=r"(v));
            __asm__ volatile("csrw mscratch, %0" :: "r"(v));
            __asm__ volatile("csrs mie, %0" :: "r"(v));
            __asm__ volatile("csrc mip, %0" :: "r"(v));
            __asm__ volatile("csrrw %0, mtvec, %1" : "=r"(c) : "r"(v));
            __asm__ volatile("csrwi mstatus, 8");
            __asm__ volatile("csrrsi %0, mstatus, 3" : "=r"(c));
            __asm__ volatile("csrci 0x7c0, 1");
            __asm__ volatile("rdcycle %0" : "=r"(c));
            __asm__ volatile("rdtimeh %0" : "=r"(c));
            __asm__ volatile("rdinstret %0" : "=r"(c));
            __asm__ volatile("fence rw, rw");
            __asm__ volatile("fence");
            __asm__ volatile("fence.tso");
            __asm__ volatile("fence.i");
            __asm__ volatile("ecall");
            __asm__ volatile("ebreak");
            __asm__ volatile("wfi");
            __asm__ volatile("mret");
            __asm__ volatile("sret");
            __asm__ volatile("sfence.vma");
            __asm__ volatile("sfence.vma %0" :: "r"(v));
            __asm__ volatile("lr.w.aq %0, (%1)" : "=r"(c) : "r"(&shared));
            __asm__ volatile("sc.w.rl %0, %1, (%2)" : "=r"(c) : "r"(v), "r"(&shared));
            __asm__ volatile("amoadd.w.aqrl %0, %1, (%2)" : "=r"(c) : "r"(v), "r"(&shared));
            __asm__ volatile("amomaxu.w %0, %1, (%2)" : "=r"(c) : "r"(v), "r"(&shared));
            __asm__ volatile("amoswap.w.aq %0, %1, (%2)" : "=r"(c) : "r"(v), "r"(&shared));
            __asm__ volatile("unimp");
            return v + c;
        }
        void _start(void) {
            int r = mix(loops(40), 12345678) + (int)system_stuff();
            shared = r;
            for (;;) {}
        }
        """
}
