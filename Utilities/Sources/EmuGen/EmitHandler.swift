/// `Handler`: the kinds of decoded entry, and the instruction table as data for tests.
func emitHandler() -> [GeneratedFile] {
    var w = SourceWriter()
    w.line("/// The operation of one decoded-cache entry.")
    w.line("///")
    w.line("/// These are not the ISA's opcodes: decode time specialises them (an `addi` from x0 and")
    w.line("/// `lui`/`auipc` become `.li`, whose value is known at decode time), and everything rare")
    w.line("/// (CSRs, `ecall`, atomics, `fence.i`, branches whose target leaves the code) goes to one")
    w.line("/// generic handler, `.slow`, which keeps the hot handlers few and small.")
    w.block("enum Handler: UInt8, CaseIterable") { w in
        for h in handlerOnly where h.isKind {
            w.line("/// \(h.documentation)")
            w.line("case \(h.name)")
        }
        for row in instructionTable where row.hasHandler {
            for variant in row.directions {
                let direction = variant.backward.map { $0 ? " (target at or before it)" : " (target after it)" } ?? ""
                w.line("/// `\(row.opcode)`: \(describe(row))\(direction)")
                w.line("case `\(variant.kind)`")
            }
        }
    }
    w.line()
    w.block("extension Handler") { w in
        w.line("/// The bytes a load or store handler accesses; 0 for every other kind.")
        w.block("var accessWidth: UInt32") { w in
            w.switchBlock("self") { w in
                for row in instructionTable {
                    switch row.form {
                    case .load(let width), .store(let width): w.line("case .\(row.opcode): \(width)")
                    default: break
                    }
                }
                w.line("default: 0")
            }
        }
        w.line()
        w.line("/// Whether `aux` holds the distance in bytes of cache to a target decided at decode")
        w.line("/// time (branches and `jal`, in both directions).")
        w.block("var hasDirectTarget: Bool") { w in
            w.switchBlock("self") { w in
                let kinds = instructionTable.filter { row in
                    switch row.form {
                    case .branch, .jal: true
                    default: false
                    }
                }.flatMap { $0.directions.map { "." + $0.kind } }
                w.line("case \(kinds.joined(separator: ", ")): true")
                w.line("default: false")
            }
        }
    }

    var t = SourceWriter()
    t.line("import Decoder")
    t.line()
    t.line("/// The instruction table's rows as data: which extension each opcode belongs to and which")
    t.line("/// handler runs it fast (nil: the generic executor, through `.slow`, or a decode-time")
    t.line("/// `.nop`/`.li`), and whether that handler has a compressed-step variant. Tests check it")
    t.line("/// against the decoder.")
    t.block("enum InstructionTable") { t in
        t.line("static let rows: [(opcode: Opcode, isaExtension: ISAExtension, handler: Handler?, compressedStep: Bool)] = [")
        for row in instructionTable {
            let handler = row.hasHandler ? ".\(row.opcode)" : "nil"
            let compressed = row.specialisations.contains(.compressedStep)
            t.line("    (.\(row.opcode), .\(row.isaExtension), \(handler), \(compressed)),")
        }
        t.line("]")
    }
    return [GeneratedFile(name: "Handler.swift", body: w.text), GeneratedFile(name: "InstructionTable.swift", body: t.text)]
}

/// One line of documentation for an instruction's handler.
func describe(_ row: Row) -> String {
    let semantics = row.semantics ?? ""
    switch row.form {
    case .registerRegister: return "rd = \(semantics)(rs1, rs2)"
    case .registerImmediate: return "rd = \(semantics)(rs1, imm)"
    case .load(let width): return "rd = \(semantics)(\(width) bytes at rs1 + imm)"
    case .store(let width): return "\(semantics)(\(width) bytes at rs1 + imm, rs2)"
    case .branch: return "if \(semantics)(rs1, rs2), jump by `aux` bytes of cache"
    case .jal: return "rd = imm (the link value); jump by `aux` bytes of cache"
    case .jalr: return "rd = aux (the link value); jump to \(semantics)(rs1, imm)"
    case .floatLoad(let width): return "f[rd] = \(width) bytes at rs1 + imm"
    case .floatStore(let width): return "\(width) bytes at rs1 + imm = f[rs2]"
    case .floatArithmetic: return "f[rd] = \(semantics)(f[rs1], f[rs2]), rounded to nearest-even"
    case .floatBitwise: return "f[rd] = \(semantics)(f[rs1], f[rs2]) on bit patterns"
    case .floatFused: return "f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)"
    case .upperImmediate, .fence, .generic: return ""
    }
}
