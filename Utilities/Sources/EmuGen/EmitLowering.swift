/// `Lowering.lowered()`: from an `Instruction` to its cache entry, one case per row (and
/// one more per specialisation), calling the hand-written builders in `Lowering.swift`.
func emitLowering() -> GeneratedFile {
    var w = SourceWriter()
    w.line("import Decoder")
    w.line()
    w.block("extension Lowering") { w in
        w.line("/// The entry for `inst`, which the selected ISA allows.")
        w.block("func lowered() -> DecodedOp") { w in
            w.switchBlock("inst.opcode") { w in
                w.line("case .illegal: return illegal()")
                for row in instructionTable {
                    let s = row.semantics ?? ""
                    let c = "case .\(row.opcode)"
                    // Specialisations first: a `where` case shadows the general one below it.
                    if row.specialisations.contains(.nopWhenRdIsX0) {
                        w.line("\(c) where inst.rd == 0: return nop()")
                    }
                    if row.specialisations.contains(.constantWhenRs1IsX0) {
                        w.line("\(c) where inst.rs1 == 0: return constant(\(s)(0, imm))")
                    }
                    if row.specialisations.contains(.genericExecutorOnly) {
                        w.line("\(c): return slow()")
                        continue
                    }
                    switch row.form {
                    case .registerRegister, .registerImmediate: w.line("\(c): return alu(.\(row.opcode))")
                    case .upperImmediate(let pcRelative):
                        w.line("\(c): return constant(\(s)(\(pcRelative ? "pc, " : "")imm))")
                    case .load: w.line("\(c): return load(.\(row.opcode))")
                    case .store: w.line("\(c): return store(.\(row.opcode))")
                    case .branch: w.line("\(c): return branch(.\(row.opcode), .\(row.opcode)Back)")
                    case .jal: w.line("\(c): return jal(.\(row.opcode), .\(row.opcode)Back)")
                    case .jalr: w.line("\(c): return jalr()")
                    case .fence: w.line("\(c): return nop()")
                    case .generic: w.line("\(c): return slow()")
                    case .floatLoad: w.line("\(c): return floatLoad(.\(row.opcode))")
                    case .floatStore: w.line("\(c): return floatStore(.\(row.opcode))")
                    case .floatArithmetic: w.line("\(c): return floatArithmetic(.\(row.opcode))")
                    case .floatBitwise: w.line("\(c): return floatBitwise(.\(row.opcode))")
                    case .floatFused: w.line("\(c): return floatFused(.\(row.opcode))")
                    }
                }
            }
        }
    }
    return GeneratedFile(name: "Lowering+Opcodes.swift", body: w.text)
}
