// THE INSTRUCTION TABLE: one row per RISC-V instruction emu runs.
//
// A row names the instruction (its `Decoder.Opcode` case), its operand form, its
// extension, its semantics function (in `Sources/Emu/Interpreter/Semantics.swift`) and any
// specialisation beyond the ones its form implies (see `Form.implied`). Everything else is
// derived from it by `scripts/generate-handlers`: the `Handler` enum, the threaded
// handlers' `@_cdecl` thunks (full and compressed), the dispatch table, the lowering from
// `Instruction` to `DecodedOp`, and the generic executor's cases.
//
// Adding an instruction: add its `Opcode` case in Decoder (decode, encode, disassemble),
// one row here, and its semantics function; then run `scripts/generate-handlers`.

/// Handlers that are not instructions, in `Handler` order before the instructions.
let handlerOnly: [HandlerOnly] = [
    HandlerOnly(name: "notDecoded", documentation: "An entry not decoded yet: its handler decodes it and runs it.",
                compressedStep: false),
    HandlerOnly(name: "fetchFault", documentation: "Fetch from outside executable memory: the pc itself faults.",
                compressedStep: false),
    HandlerOnly(name: "illegal", documentation: "An instruction the selected ISA does not have; `imm` holds its raw bits.",
                compressedStep: false),
    HandlerOnly(name: "slow", documentation: "Anything without a fast handler: run by the generic executor (`GenericStep`).",
                compressedStep: false),
    HandlerOnly(name: "breakpoint", documentation: "A debugger breakpoint patched over the entry.",
                compressedStep: false),
    HandlerOnly(name: "storeMiss", documentation: "A store outside the fast window (reached through `LoopContext.storeMiss`).",
                compressedStep: false, isKind: false),
    HandlerOnly(name: "nop", documentation: "An instruction with no effect (a fence, or an ALU result written to x0).",
                compressedStep: true),
    HandlerOnly(name: "li", documentation: "rd = imm: lui, auipc and every other constant known at decode time.",
                compressedStep: true),
]

let instructionTable: [Row] = [
    // MARK: RV32I (§2)
    Row("lui", .upperImmediate(pcRelative: false), "i", "lui"),
    Row("auipc", .upperImmediate(pcRelative: true), "i", "auipc"),
    Row("jal", .jal, "i"),
    Row("jalr", .jalr, "i", "jalrTarget"),
    Row("beq", .branch, "i", "eq"),
    Row("bne", .branch, "i", "ne"),
    Row("blt", .branch, "i", "lt"),
    Row("bge", .branch, "i", "ge"),
    Row("bltu", .branch, "i", "ltu"),
    Row("bgeu", .branch, "i", "geu"),
    Row("lb", .load(width: 1), "i", "lb"),
    Row("lh", .load(width: 2), "i", "lh"),
    Row("lw", .load(width: 4), "i", "lw"),
    Row("lbu", .load(width: 1), "i", "lbu"),
    Row("lhu", .load(width: 2), "i", "lhu"),
    Row("sb", .store(width: 1), "i", "sb"),
    Row("sh", .store(width: 2), "i", "sh"),
    Row("sw", .store(width: 4), "i", "sw"),
    Row("addi", .registerImmediate, "i", "add", [.constantWhenRs1IsX0]),
    Row("slti", .registerImmediate, "i", "slt"),
    Row("sltiu", .registerImmediate, "i", "sltu"),
    Row("xori", .registerImmediate, "i", "xor"),
    Row("ori", .registerImmediate, "i", "or"),
    Row("andi", .registerImmediate, "i", "and"),
    Row("slli", .registerImmediate, "i", "sll", [.shiftCount]),
    Row("srli", .registerImmediate, "i", "srl", [.shiftCount]),
    Row("srai", .registerImmediate, "i", "sra", [.shiftCount]),
    Row("add", .registerRegister, "i", "add"),
    Row("sub", .registerRegister, "i", "sub"),
    Row("sll", .registerRegister, "i", "sll", [.shiftCount]),
    Row("slt", .registerRegister, "i", "slt"),
    Row("sltu", .registerRegister, "i", "sltu"),
    Row("xor", .registerRegister, "i", "xor"),
    Row("srl", .registerRegister, "i", "srl", [.shiftCount]),
    Row("sra", .registerRegister, "i", "sra", [.shiftCount]),
    Row("or", .registerRegister, "i", "or"),
    Row("and", .registerRegister, "i", "and"),
    Row("fence", .fence, "i"),
    Row("ecall", .generic(method: "environmentCall"), "i"),
    Row("ebreak", .generic(method: "breakpoint"), "i"),

    // MARK: Zifencei (§3)
    Row("fenceI", .generic(method: "instructionFence"), "zifencei"),

    // MARK: Zicsr (§9)
    Row("csrrw", .generic(method: "csr"), "zicsr"),
    Row("csrrs", .generic(method: "csr"), "zicsr"),
    Row("csrrc", .generic(method: "csr"), "zicsr"),
    Row("csrrwi", .generic(method: "csr"), "zicsr"),
    Row("csrrsi", .generic(method: "csr"), "zicsr"),
    Row("csrrci", .generic(method: "csr"), "zicsr"),

    // MARK: Privileged (machine mode, for bare-metal tests)
    Row("mret", .generic(method: "machineReturn"), "privileged"),
    Row("wfi", .generic(method: "waitForInterrupt"), "privileged"),
    Row("sret", .generic(method: "supervisorReturn"), "privileged"),
    Row("sfenceVma", .generic(method: "supervisorFence"), "privileged"),

    // MARK: M (§7)
    Row("mul", .registerRegister, "m", "mul"),
    Row("mulh", .registerRegister, "m", "mulh"),
    Row("mulhsu", .registerRegister, "m", "mulhsu"),
    Row("mulhu", .registerRegister, "m", "mulhu"),
    Row("div", .registerRegister, "m", "div"),
    Row("divu", .registerRegister, "m", "divu"),
    Row("rem", .registerRegister, "m", "rem"),
    Row("remu", .registerRegister, "m", "remu"),

    // MARK: A (§8)
    Row("lrW", .generic(method: "atomic"), "a"),
    Row("scW", .generic(method: "atomic"), "a"),
    Row("amoswapW", .generic(method: "atomic"), "a"),
    Row("amoaddW", .generic(method: "atomic"), "a"),
    Row("amoxorW", .generic(method: "atomic"), "a"),
    Row("amoandW", .generic(method: "atomic"), "a"),
    Row("amoorW", .generic(method: "atomic"), "a"),
    Row("amominW", .generic(method: "atomic"), "a"),
    Row("amomaxW", .generic(method: "atomic"), "a"),
    Row("amominuW", .generic(method: "atomic"), "a"),
    Row("amomaxuW", .generic(method: "atomic"), "a"),

    // MARK: Zba, Zbb, Zbc, Zbs (bit manipulation; semantics in Semantics+BitManip.swift)
    // One-operand instructions use .registerImmediate with imm = 0: the semantics ignore it.
    Row("sh1add", .registerRegister, "zba", "sh1add"),
    Row("sh2add", .registerRegister, "zba", "sh2add"),
    Row("sh3add", .registerRegister, "zba", "sh3add"),
    Row("andn", .registerRegister, "zbb", "andn"),
    Row("orn", .registerRegister, "zbb", "orn"),
    Row("xnor", .registerRegister, "zbb", "xnor"),
    Row("clz", .registerImmediate, "zbb", "clz"),
    Row("ctz", .registerImmediate, "zbb", "ctz"),
    Row("cpop", .registerImmediate, "zbb", "cpop"),
    Row("max", .registerRegister, "zbb", "max"),
    Row("maxu", .registerRegister, "zbb", "maxu"),
    Row("min", .registerRegister, "zbb", "min"),
    Row("minu", .registerRegister, "zbb", "minu"),
    Row("sextB", .registerImmediate, "zbb", "sextB"),
    Row("sextH", .registerImmediate, "zbb", "sextH"),
    Row("zextH", .registerImmediate, "zbb", "zextH"),
    Row("rol", .registerRegister, "zbb", "rol", [.shiftCount]),
    Row("ror", .registerRegister, "zbb", "ror", [.shiftCount]),
    Row("rori", .registerImmediate, "zbb", "ror", [.shiftCount]),
    Row("orcB", .registerImmediate, "zbb", "orcB"),
    Row("rev8", .registerImmediate, "zbb", "rev8"),
    Row("clmul", .registerRegister, "zbc", "clmul", [.genericExecutorOnly]),
    Row("clmulh", .registerRegister, "zbc", "clmulh", [.genericExecutorOnly]),
    Row("clmulr", .registerRegister, "zbc", "clmulr", [.genericExecutorOnly]),
    Row("bset", .registerRegister, "zbs", "bset"),
    Row("bclr", .registerRegister, "zbs", "bclr"),
    Row("binv", .registerRegister, "zbs", "binv"),
    Row("bext", .registerRegister, "zbs", "bext"),
    Row("bseti", .registerImmediate, "zbs", "bset"),
    Row("bclri", .registerImmediate, "zbs", "bclr"),
    Row("binvi", .registerImmediate, "zbs", "binv"),
    Row("bexti", .registerImmediate, "zbs", "bext"),
]
