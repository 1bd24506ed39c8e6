/// `GenericStep.execute()`: the generic executor's case for every row, calling the same
/// semantics functions as the threaded handlers.
func emitGeneric() -> GeneratedFile {
    var w = SourceWriter()
    w.line("import Decoder")
    w.line()
    w.block("extension GenericStep") { w in
        w.line("/// Runs the instruction: its effect on the machine and where execution goes on.")
        w.block("func execute() -> SlowResult") { w in
            w.switchBlock("inst.opcode") { w in
                w.line("case .illegal: return illegalInstruction()")
                for row in instructionTable {
                    let s = row.semantics ?? ""
                    let c = "case .\(row.opcode)"
                    switch row.form {
                    case .registerRegister: w.line("\(c): return alu(\(s)(x1, x2))")
                    case .registerImmediate: w.line("\(c): return alu(\(s)(x1, imm))")
                    case .upperImmediate(let pcRelative): w.line("\(c): return alu(\(s)(\(pcRelative ? "pc, " : "")imm))")
                    case .load(let width): w.line("\(c): return load(width: \(width), \(s))")
                    case .store(let width): w.line("\(c): return store(width: \(width))")
                    case .branch: w.line("\(c): return branch(\(s)(x1, x2))")
                    case .jal: w.line("\(c): return jump(pc &+ imm)")
                    case .jalr: w.line("\(c): return jump(\(s)(x1, imm))")
                    case .fence: w.line("\(c): return fence()")
                    case .generic(let method): w.line("\(c): return \(method)()")
                    case .floatLoad, .floatStore, .floatArithmetic, .floatBitwise, .floatFused: w.line("\(c): return floatingPoint()")
                    }
                }
            }
        }
    }
    return GeneratedFile(name: "GenericStep+Opcodes.swift", body: w.text)
}
