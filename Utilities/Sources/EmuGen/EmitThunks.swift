/// The `@_cdecl` entry points of the threaded handlers, and the table from `Handler` to them.
///
/// Each thunk is one line that passes the row's semantics function and step to the form's
/// hand-written template (`Sources/Emu/Interpreter/ThreadedHandlers.swift`).
func emitThunks() -> GeneratedFile {
    var w = SourceWriter()
    w.line("import CHostCalls  // the fused multiply-add handlers, written in C")
    w.line()
    let parameters = """
        _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
            _ scratch: UInt, _ context: UnsafeMutableRawPointer
        """
    func thunk(symbol: String, swiftName: String, call: String) {
        w.line("@inline(__always) @_cdecl(\"emu_handler_\(symbol)\")")
        w.line("func \(swiftName)(")
        w.line("    " + parameters)
        w.block(") -> UInt64") { w in w.line(call) }
        w.line()
    }
    let arguments = "ip, regs, count, scratch, context"
    for h in handlerOnly {
        if h.compressedStep {
            thunk(symbol: h.name, swiftName: h.swiftName, call: "\(h.executeName)(\(arguments), step: fullStep)")
            thunk(symbol: h.name + "_c", swiftName: h.swiftName + "C",
                  call: "\(h.executeName)(\(arguments), step: compressedStep)")
        } else {
            thunk(symbol: h.name, swiftName: h.swiftName, call: "\(h.executeName)(\(arguments))")
        }
    }
    for row in instructionTable where row.hasHandler {
        let semantics = row.semantics ?? ""
        let template: String
        switch row.form {
        case .registerRegister: template = "executeRegisterRegister"
        case .registerImmediate: template = "executeRegisterImmediate"
        case .load: template = "executeLoad"
        case .store: template = "executeStore"
        case .branch: template = "executeBranch"
        case .jal: template = "executeJal"
        case .jalr: template = "executeJalr"
        case .floatLoad: template = "executeFloatLoad"
        case .floatStore: template = "executeFloatStore"
        case .floatArithmetic(let double): template = double ? "executeDoubleArithmetic" : "executeSingleArithmetic"
        case .floatBitwise(let double): template = double ? "executeDoubleBitwise" : "executeSingleBitwise"
        case .upperImmediate, .fence, .generic, .floatFused: continue
        }
        var width = ""
        switch row.form {
        case .load(let bytes), .store(let bytes), .floatLoad(let bytes), .floatStore(let bytes):
            width = ", width: \(bytes)"
        default: break
        }
        for variant in row.directions {
            let direction = variant.backward.map { ", backward: \($0)" } ?? ""
            let shift = row.specialisations.contains(.shiftCount) ? ", shiftCount: true" : ""
            let tail = width + direction + shift + (semantics.isEmpty ? "" : ", " + semantics)
            let symbol = row.opcode + variant.suffix
            let swiftName = "threaded" + variant.kind.capitalisedFirst
            if row.specialisations.contains(.compressedStep) {
                thunk(symbol: symbol, swiftName: swiftName, call: "\(template)(\(arguments), step: fullStep\(tail))")
                thunk(symbol: symbol + "_c", swiftName: swiftName + "C",
                      call: "\(template)(\(arguments), step: compressedStep\(tail))")
            } else if row.fallsThrough {
                thunk(symbol: symbol, swiftName: swiftName, call: "\(template)(\(arguments), step: fullStep\(tail))")
            } else {
                thunk(symbol: symbol, swiftName: swiftName, call: "\(template)(\(arguments)\(tail))")
            }
        }
    }

    w.block("extension ThreadedHandlers") { w in
        // A `@_cdecl` function's address is taken in the file that defines it: in debug
        // builds (one object per file), taking it elsewhere emits a second definition.
        for h in handlerOnly where !h.isKind {
            w.line("/// \(h.documentation)")
            w.line("static let \(h.name): ThreadedHandler = \(h.swiftName)")
        }
        w.line()
        w.line("/// The function that runs entries of `kind` for an instruction of `length` bytes")
        w.line("/// (decode time only).")
        w.block("static func function(for kind: Handler, length: Int) -> ThreadedHandler") { w in
            w.switchBlock("kind") { w in
                for h in handlerOnly where h.isKind {
                    if h.compressedStep {
                        w.line("case .\(h.name): length == 2 ? \(h.swiftName)C : \(h.swiftName)")
                    } else {
                        w.line("case .\(h.name): \(h.swiftName)")
                    }
                }
                for row in instructionTable where row.form == .floatFused {
                    w.line("case .\(row.opcode): cHandler(emu_handler_\(row.opcode))")
                }
                for row in instructionTable where row.hasHandler && row.form != .floatFused {
                    for variant in row.directions {
                        let swiftName = "threaded" + variant.kind.capitalisedFirst
                        if row.specialisations.contains(.compressedStep) {
                            w.line("case .\(variant.kind): length == 2 ? \(swiftName)C : \(swiftName)")
                        } else {
                            w.line("case .\(variant.kind): \(swiftName)")
                        }
                    }
                }
            }
        }
    }
    return GeneratedFile(name: "HandlerThunks.swift", body: w.text)
}
