// The threaded handlers of the dispatch loop: one small function per `Handler`, each
// ending in `dispatch` or `advance`, which release builds compile into a single indirect
// jump to the next entry's handler. Hot state arrives in host registers (entry, register
// file, count, context); memory windows are read from the context, which x86 folds into
// the compare and subtract instructions as memory operands.
//
// Every handler is a `@_cdecl` function marked `@inline(__always)`: the attribute makes the
// Swift body inline into its C entry point, so the pointer the cache stores is the handler
// itself. (A C-convention closure, or a `@_cdecl` function without it, gets a separate
// thunk that adds a frame and a second jump to every dispatch.)
//
// Handlers that fall through to the next instruction come in two sizes, one for 4-byte and
// one for compressed instructions, sharing an `@inline(__always)` body: the distance to the
// next entry is then a constant in the code (one `add`) instead of a byte loaded from the
// entry and added, which keeps compressed code as fast as uncompressed.

/// The handler functions, indexed by `Handler`.
enum ThreadedHandlers {
    /// The handler for stores that miss the fast window (see `LoopContext.storeMiss`).
    static let storeMiss: ThreadedHandler = threadedStoreMiss

    /// The function that runs entries of `kind` for an instruction of `length` bytes
    /// (decode time only).
    static func function(for kind: Handler, length: Int) -> ThreadedHandler {
        length == 2 ? compressedTable[Int(kind.rawValue)] : table[Int(kind.rawValue)]
    }

    private static let table: [ThreadedHandler] = Handler.allCases.map { kind in
        switch kind {
        case .notDecoded: threadedNotDecoded
        case .fetchFault: threadedFetchFault
        case .illegal: threadedIllegal
        case .slow: threadedSlow
        case .breakpoint: threadedBreakpoint
        case .jal: threadedJal
        case .jalr: threadedJalr
        case .li: threadedLi
        case .addi: threadedAddi
        case .slti: threadedSlti
        case .sltiu: threadedSltiu
        case .xori: threadedXori
        case .ori: threadedOri
        case .andi: threadedAndi
        case .slli: threadedSlli
        case .srli: threadedSrli
        case .srai: threadedSrai
        case .add: threadedAdd
        case .sub: threadedSub
        case .sll: threadedSll
        case .slt: threadedSlt
        case .sltu: threadedSltu
        case .xor: threadedXor
        case .srl: threadedSrl
        case .sra: threadedSra
        case .or: threadedOr
        case .and: threadedAnd
        case .mul: threadedMul
        case .mulh: threadedMulh
        case .mulhsu: threadedMulhsu
        case .mulhu: threadedMulhu
        case .div: threadedDiv
        case .divu: threadedDivu
        case .rem: threadedRem
        case .remu: threadedRemu
        case .lb: threadedLb
        case .lbu: threadedLbu
        case .lh: threadedLh
        case .lhu: threadedLhu
        case .lw: threadedLw
        case .sb: threadedSb
        case .sh: threadedSh
        case .sw: threadedSw
        case .beq: threadedBeq
        case .bne: threadedBne
        case .blt: threadedBlt
        case .bge: threadedBge
        case .bltu: threadedBltu
        case .bgeu: threadedBgeu
        case .nop: threadedNop
        }
    }

    private static let compressedTable: [ThreadedHandler] = Handler.allCases.map { kind in
        switch kind {
        case .notDecoded: threadedNotDecoded
        case .fetchFault: threadedFetchFault
        case .illegal: threadedIllegal
        case .slow: threadedSlow
        case .breakpoint: threadedBreakpoint
        case .jal: threadedJal
        case .jalr: threadedJalr
        case .li: threadedLiC
        case .addi: threadedAddiC
        case .slti: threadedSltiC
        case .sltiu: threadedSltiuC
        case .xori: threadedXoriC
        case .ori: threadedOriC
        case .andi: threadedAndiC
        case .slli: threadedSlliC
        case .srli: threadedSrliC
        case .srai: threadedSraiC
        case .add: threadedAddC
        case .sub: threadedSubC
        case .sll: threadedSllC
        case .slt: threadedSltC
        case .sltu: threadedSltuC
        case .xor: threadedXorC
        case .srl: threadedSrlC
        case .sra: threadedSraC
        case .or: threadedOrC
        case .and: threadedAndC
        case .mul: threadedMulC
        case .mulh: threadedMulhC
        case .mulhsu: threadedMulhsuC
        case .mulhu: threadedMulhuC
        case .div: threadedDivC
        case .divu: threadedDivuC
        case .rem: threadedRemC
        case .remu: threadedRemuC
        case .lb: threadedLbC
        case .lbu: threadedLbuC
        case .lh: threadedLhC
        case .lhu: threadedLhuC
        case .lw: threadedLwC
        case .sb: threadedSbC
        case .sh: threadedShC
        case .sw: threadedSwC
        case .beq: threadedBeqC
        case .bne: threadedBneC
        case .blt: threadedBltC
        case .bge: threadedBgeC
        case .bltu: threadedBltuC
        case .bgeu: threadedBgeuC
        case .nop: threadedNopC
        }
    }
}

/// The distances to the next entry, for the two instruction sizes.
let fullStep = 2 * DecodedOp.stride
let compressedStep = DecodedOp.stride

// MARK: - Cold entries: each hands over to an out-of-line helper in ColdPaths.

@inline(__always) @_cdecl("emu_handler_notDecoded")
func threadedNotDecoded(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    // A cache refill is a budget check point: straight-line code that is not decoded yet
    // never runs past the limit (or a preemption) by more than one instruction, and code
    // that is decoded is bounded by the cache's size.
    if count >= loopContext(context).pointee.limit { return ColdPaths.stop(ip, count, context, .budgetExhausted) }
    ColdPaths.decode(ip, context)
    return dispatch(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_fetchFault")
func threadedFetchFault(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.fetchFault(ip, count, context)
}

@inline(__always) @_cdecl("emu_handler_illegal")
func threadedIllegal(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.illegal(ip, count, context)
}

@inline(__always) @_cdecl("emu_handler_breakpoint")
func threadedBreakpoint(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.stop(ip, count, context, .breakpoint)
}

@inline(__always) @_cdecl("emu_handler_slow")
func threadedSlow(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    let resume = ColdPaths.slow(ip, count, context)
    guard let next = resume.ip else { return resume.count }
    return dispatch(next, regs, resume.count, context)
}

/// A store that missed the fast window. Handlers reach it through `LoopContext.storeMiss`,
/// a C-to-C tail call, so that no handler keeps a register alive across a call (their fast
/// paths then need no stack frame), and so that it can itself tail-call the next handler.
@inline(__always) @_cdecl("emu_handler_storeMiss")
func threadedStoreMiss(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    guard ColdPaths.storeMiss(ip, regs, count, context) else {
        return loopContext(context).pointee.stopCount
    }
    return advance(ip, regs, count, context, by: Int(entry(ip).pointee.nextBytes))
}

// MARK: - Arithmetic (§2.4: shifts use the low five bits of the amount, which is what `&<<`
// and `&>>` do on UInt32; M division follows the table of §7.2)

/// An instruction with no effect (a fence, or an ALU result written to x0).
@inline(__always)
func executeNop(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_nop")
func threadedNop(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeNop(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_nop_c")
func threadedNopC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeNop(ip, regs, count, context, step: compressedStep)
}

/// `li`: lui, auipc and every constant known at decode time.
@inline(__always)
func executeLi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_li")
func threadedLi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLi(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_li_c")
func threadedLiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLi(ip, regs, count, context, step: compressedStep)
}

/// `addi`
@inline(__always)
func executeAddi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_addi")
func threadedAddi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAddi(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_addi_c")
func threadedAddiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAddi(ip, regs, count, context, step: compressedStep)
}

/// `slti`
@inline(__always)
func executeSlti(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Int32(bitPattern: regs[Int(o.pointee.rs1)]) < o.pointee.imm ? 1 : 0
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_slti")
func threadedSlti(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSlti(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_slti_c")
func threadedSltiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSlti(ip, regs, count, context, step: compressedStep)
}

/// `sltiu`
@inline(__always)
func executeSltiu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] < UInt32(bitPattern: o.pointee.imm) ? 1 : 0
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_sltiu")
func threadedSltiu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSltiu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sltiu_c")
func threadedSltiuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSltiu(ip, regs, count, context, step: compressedStep)
}

/// `xori`
@inline(__always)
func executeXori(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] ^ UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_xori")
func threadedXori(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeXori(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_xori_c")
func threadedXoriC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeXori(ip, regs, count, context, step: compressedStep)
}

/// `ori`
@inline(__always)
func executeOri(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] | UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_ori")
func threadedOri(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeOri(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_ori_c")
func threadedOriC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeOri(ip, regs, count, context, step: compressedStep)
}

/// `andi`
@inline(__always)
func executeAndi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] & UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_andi")
func threadedAndi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAndi(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_andi_c")
func threadedAndiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAndi(ip, regs, count, context, step: compressedStep)
}

/// `slli`
@inline(__always)
func executeSlli(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &<< UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_slli")
func threadedSlli(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSlli(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_slli_c")
func threadedSlliC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSlli(ip, regs, count, context, step: compressedStep)
}

/// `srli`
@inline(__always)
func executeSrli(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &>> UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_srli")
func threadedSrli(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSrli(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_srli_c")
func threadedSrliC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSrli(ip, regs, count, context, step: compressedStep)
}

/// `srai`
@inline(__always)
func executeSrai(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32(bitPattern: regs[Int(o.pointee.rs1)]) &>> o.pointee.imm)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_srai")
func threadedSrai(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSrai(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_srai_c")
func threadedSraiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSrai(ip, regs, count, context, step: compressedStep)
}

/// `add`
@inline(__always)
func executeAdd(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &+ regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_add")
func threadedAdd(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAdd(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_add_c")
func threadedAddC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAdd(ip, regs, count, context, step: compressedStep)
}

/// `sub`
@inline(__always)
func executeSub(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &- regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_sub")
func threadedSub(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSub(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sub_c")
func threadedSubC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSub(ip, regs, count, context, step: compressedStep)
}

/// `sll`
@inline(__always)
func executeSll(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &<< regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_sll")
func threadedSll(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSll(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sll_c")
func threadedSllC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSll(ip, regs, count, context, step: compressedStep)
}

/// `slt`
@inline(__always)
func executeSlt(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Int32(bitPattern: regs[Int(o.pointee.rs1)]) < Int32(bitPattern: regs[Int(o.pointee.rs2)]) ? 1 : 0
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_slt")
func threadedSlt(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSlt(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_slt_c")
func threadedSltC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSlt(ip, regs, count, context, step: compressedStep)
}

/// `sltu`
@inline(__always)
func executeSltu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] < regs[Int(o.pointee.rs2)] ? 1 : 0
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_sltu")
func threadedSltu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSltu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sltu_c")
func threadedSltuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSltu(ip, regs, count, context, step: compressedStep)
}

/// `xor`
@inline(__always)
func executeXor(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] ^ regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_xor")
func threadedXor(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeXor(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_xor_c")
func threadedXorC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeXor(ip, regs, count, context, step: compressedStep)
}

/// `srl`
@inline(__always)
func executeSrl(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &>> regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_srl")
func threadedSrl(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSrl(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_srl_c")
func threadedSrlC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSrl(ip, regs, count, context, step: compressedStep)
}

/// `sra`
@inline(__always)
func executeSra(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32(bitPattern: regs[Int(o.pointee.rs1)]) &>> Int32(bitPattern: regs[Int(o.pointee.rs2)]))
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_sra")
func threadedSra(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSra(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sra_c")
func threadedSraC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSra(ip, regs, count, context, step: compressedStep)
}

/// `or`
@inline(__always)
func executeOr(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] | regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_or")
func threadedOr(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeOr(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_or_c")
func threadedOrC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeOr(ip, regs, count, context, step: compressedStep)
}

/// `and`
@inline(__always)
func executeAnd(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] & regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_and")
func threadedAnd(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAnd(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_and_c")
func threadedAndC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeAnd(ip, regs, count, context, step: compressedStep)
}

/// `mul`
@inline(__always)
func executeMul(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &* regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_mul")
func threadedMul(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMul(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_mul_c")
func threadedMulC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMul(ip, regs, count, context, step: compressedStep)
}

/// `mulh`
@inline(__always)
func executeMulh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: regs[Int(o.pointee.rs1)])) &* Int64(Int32(bitPattern: regs[Int(o.pointee.rs2)]))) >> 32)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_mulh")
func threadedMulh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMulh(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_mulh_c")
func threadedMulhC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMulh(ip, regs, count, context, step: compressedStep)
}

/// `mulhsu`
@inline(__always)
func executeMulhsu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: regs[Int(o.pointee.rs1)])) &* Int64(regs[Int(o.pointee.rs2)])) >> 32)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_mulhsu")
func threadedMulhsu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMulhsu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_mulhsu_c")
func threadedMulhsuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMulhsu(ip, regs, count, context, step: compressedStep)
}

/// `mulhu`
@inline(__always)
func executeMulhu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(truncatingIfNeeded: (UInt64(regs[Int(o.pointee.rs1)]) &* UInt64(regs[Int(o.pointee.rs2)])) >> 32)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_mulhu")
func threadedMulhu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMulhu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_mulhu_c")
func threadedMulhuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeMulhu(ip, regs, count, context, step: compressedStep)
}

/// `div`
@inline(__always)
func executeDiv(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.div(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_div")
func threadedDiv(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDiv(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_div_c")
func threadedDivC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDiv(ip, regs, count, context, step: compressedStep)
}

/// `divu`
@inline(__always)
func executeDivu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.divu(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_divu")
func threadedDivu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDivu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_divu_c")
func threadedDivuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDivu(ip, regs, count, context, step: compressedStep)
}

/// `rem`
@inline(__always)
func executeRem(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.rem(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_rem")
func threadedRem(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRem(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_rem_c")
func threadedRemC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRem(ip, regs, count, context, step: compressedStep)
}

/// `remu`
@inline(__always)
func executeRemu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.remu(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_remu")
func threadedRemu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRemu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_remu_c")
func threadedRemuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRemu(ip, regs, count, context, step: compressedStep)
}

// MARK: - Loads and stores: one flags byte per page says whether the fast path may touch it
// (see `Memory`); an access is checked at its first and its last byte, so one that crosses
// into an unmapped page, or past the arena's end, faults as it does on Linux.

/// Whether the pages holding offsets `offset` and `offset &+ last` from the arena's base
/// both have `flag`. The table covers every 32-bit offset, so no bounds compare comes
/// first; for a byte access (`last` 0) the two lookups are one.
@inline(__always)
func pagesAllow(_ flags: UnsafeMutablePointer<UInt8>, _ offset: UInt32, last: UInt32, _ flag: UInt8) -> Bool {
    if last == 0 { return flags[Int(offset &>> Memory.pageShift)] & flag != 0 }
    return flags[Int(offset &>> Memory.pageShift)] & flags[Int((offset &+ last) &>> Memory.pageShift)] & flag != 0
}

/// `lb`
@inline(__always)
func executeLb(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard pagesAllow(c.pointee.pageFlags, offset, last: 0, Memory.readableFlag) else {
        return ColdPaths.loadFault(ip, count, context, address)
    }
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32((c.pointee.arena + Int(offset)).load(as: Int8.self)))
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_lb")
func threadedLb(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLb(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_lb_c")
func threadedLbC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLb(ip, regs, count, context, step: compressedStep)
}

/// `lbu`
@inline(__always)
func executeLbu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard pagesAllow(c.pointee.pageFlags, offset, last: 0, Memory.readableFlag) else {
        return ColdPaths.loadFault(ip, count, context, address)
    }
    regs[Int(o.pointee.rd)] = UInt32((c.pointee.arena + Int(offset)).load(as: UInt8.self))
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_lbu")
func threadedLbu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLbu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_lbu_c")
func threadedLbuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLbu(ip, regs, count, context, step: compressedStep)
}

/// `lh`
@inline(__always)
func executeLh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard pagesAllow(c.pointee.pageFlags, offset, last: 1, Memory.readableFlag) else {
        return ColdPaths.loadFault(ip, count, context, address)
    }
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32((c.pointee.arena + Int(offset)).loadUnaligned(as: Int16.self)))
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_lh")
func threadedLh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLh(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_lh_c")
func threadedLhC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLh(ip, regs, count, context, step: compressedStep)
}

/// `lhu`
@inline(__always)
func executeLhu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard pagesAllow(c.pointee.pageFlags, offset, last: 1, Memory.readableFlag) else {
        return ColdPaths.loadFault(ip, count, context, address)
    }
    regs[Int(o.pointee.rd)] = UInt32((c.pointee.arena + Int(offset)).loadUnaligned(as: UInt16.self))
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_lhu")
func threadedLhu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLhu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_lhu_c")
func threadedLhuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLhu(ip, regs, count, context, step: compressedStep)
}

/// `lw`
@inline(__always)
func executeLw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard pagesAllow(c.pointee.pageFlags, offset, last: 3, Memory.readableFlag) else {
        return ColdPaths.loadFault(ip, count, context, address)
    }
    regs[Int(o.pointee.rd)] = (c.pointee.arena + Int(offset)).loadUnaligned(as: UInt32.self)
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_lw")
func threadedLw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLw(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_lw_c")
func threadedLwC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLw(ip, regs, count, context, step: compressedStep)
}

// MARK: - Stores: pages without the fast-store flag (read-only or unmapped pages, device
// registers, watched memory) go through `threadedStoreMiss`.

/// `sb`
@inline(__always)
func executeSb(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    if pagesAllow(c.pointee.pageFlags, offset, last: 0, Memory.fastStoreFlag) {
        (c.pointee.arena + Int(offset)).storeBytes(
            of: UInt8(truncatingIfNeeded: regs[Int(o.pointee.rs2)]), as: UInt8.self)
        return advance(ip, regs, count, context, by: step)
    }
    return c.pointee.storeMiss(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sb")
func threadedSb(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSb(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sb_c")
func threadedSbC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSb(ip, regs, count, context, step: compressedStep)
}

/// `sh`
@inline(__always)
func executeSh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    if pagesAllow(c.pointee.pageFlags, offset, last: 1, Memory.fastStoreFlag) {
        (c.pointee.arena + Int(offset)).storeBytes(
            of: UInt16(truncatingIfNeeded: regs[Int(o.pointee.rs2)]), as: UInt16.self)
        return advance(ip, regs, count, context, by: step)
    }
    return c.pointee.storeMiss(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sh")
func threadedSh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSh(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sh_c")
func threadedShC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSh(ip, regs, count, context, step: compressedStep)
}

/// `sw`
@inline(__always)
func executeSw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    if pagesAllow(c.pointee.pageFlags, offset, last: 3, Memory.fastStoreFlag) {
        (c.pointee.arena + Int(offset)).storeBytes(
            of: UInt32(truncatingIfNeeded: regs[Int(o.pointee.rs2)]), as: UInt32.self)
        return advance(ip, regs, count, context, by: step)
    }
    return c.pointee.storeMiss(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sw")
func threadedSw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSw(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_sw_c")
func threadedSwC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSw(ip, regs, count, context, step: compressedStep)
}

// MARK: - Control transfer. Branch and jal targets were validated at decode time; only a
// backward transfer, or one to itself (`j .`), checks the budget (see `Interpreter.run`).

/// `beq`
@inline(__always)
func executeBeq(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] == regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance <= 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_beq")
func threadedBeq(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBeq(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_beq_c")
func threadedBeqC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBeq(ip, regs, count, context, step: compressedStep)
}

/// `bne`
@inline(__always)
func executeBne(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] != regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance <= 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_bne")
func threadedBne(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBne(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_bne_c")
func threadedBneC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBne(ip, regs, count, context, step: compressedStep)
}

/// `blt`
@inline(__always)
func executeBlt(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    if Int32(bitPattern: regs[Int(o.pointee.rs1)]) < Int32(bitPattern: regs[Int(o.pointee.rs2)]) {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance <= 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_blt")
func threadedBlt(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBlt(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_blt_c")
func threadedBltC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBlt(ip, regs, count, context, step: compressedStep)
}

/// `bge`
@inline(__always)
func executeBge(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    if Int32(bitPattern: regs[Int(o.pointee.rs1)]) >= Int32(bitPattern: regs[Int(o.pointee.rs2)]) {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance <= 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_bge")
func threadedBge(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBge(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_bge_c")
func threadedBgeC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBge(ip, regs, count, context, step: compressedStep)
}

/// `bltu`
@inline(__always)
func executeBltu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] < regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance <= 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_bltu")
func threadedBltu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBltu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_bltu_c")
func threadedBltuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBltu(ip, regs, count, context, step: compressedStep)
}

/// `bgeu`
@inline(__always)
func executeBgeu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] >= regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance <= 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context, by: step)
}

@inline(__always) @_cdecl("emu_handler_bgeu")
func threadedBgeu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBgeu(ip, regs, count, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_bgeu_c")
func threadedBgeuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBgeu(ip, regs, count, context, step: compressedStep)
}

@inline(__always) @_cdecl("emu_handler_jal")
func threadedJal(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.imm)
    let distance = Int(o.pointee.aux)
    let target = ip + distance
    if distance <= 0 && count &+ 1 >= loopContext(context).pointee.limit {
        return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
    }
    return dispatch(target, regs, count &+ 1, context)
}

/// §2.5.1: the target's bit 0 is cleared; rd is written after rs1 is read.
@inline(__always) @_cdecl("emu_handler_jalr")
func threadedJalr(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let target = (regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)) & ~1
    let offset = target &- c.pointee.codeStart
    guard target & c.pointee.jumpAlignMask == 0, offset < c.pointee.codeSpan else {
        return ColdPaths.jumpFault(ip, count, context, target)
    }
    // The target's cache page may not be filled yet (see `CodeCache`).
    guard c.pointee.codeReady[Int(offset &>> Memory.pageShift)] != 0 else {
        guard let next = ColdPaths.jumpToUnready(ip, count, context, target) else { return c.pointee.stopCount }
        return dispatch(next, regs, count &+ 1, context)
    }
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.aux)
    let next = c.pointee.entries + Int(offset >> 1) &* DecodedOp.stride
    if count &+ 1 >= c.pointee.limit { return ColdPaths.stop(next, count &+ 1, context, .budgetExhausted) }
    return dispatch(next, regs, count &+ 1, context)
}
