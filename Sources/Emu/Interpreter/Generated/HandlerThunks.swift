// GENERATED — DO NOT EDIT. Made by `scripts/generate-handlers` from the instruction table
// (Utilities/Sources/EmuGen/InstructionTable.swift); CI fails when this file differs from
// what the table gives. Change the table or the generator, then run the script.

import CHostCalls  // the fused multiply-add handlers, written in C

@inline(__always) @_cdecl("emu_handler_notDecoded")
func threadedNotDecoded(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeNotDecoded(ip, regs, count, scratch, context)
}

@inline(__always) @_cdecl("emu_handler_fetchFault")
func threadedFetchFault(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFetchFault(ip, regs, count, scratch, context)
}

@inline(__always) @_cdecl("emu_handler_illegal")
func threadedIllegal(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeIllegal(ip, regs, count, scratch, context)
}

@inline(__always) @_cdecl("emu_handler_slow")
func threadedSlow(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSlow(ip, regs, count, scratch, context)
}

@inline(__always) @_cdecl("emu_handler_breakpoint")
func threadedBreakpoint(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBreakpoint(ip, regs, count, scratch, context)
}

@inline(__always) @_cdecl("emu_handler_storeMiss")
func threadedStoreMiss(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeStoreMiss(ip, regs, count, scratch, context)
}

@inline(__always) @_cdecl("emu_handler_nop")
func threadedNop(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeNop(ip, regs, count, scratch, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_nop_c")
func threadedNopC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeNop(ip, regs, count, scratch, context, step: compressedStep)
}

@inline(__always) @_cdecl("emu_handler_li")
func threadedLi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLi(ip, regs, count, scratch, context, step: fullStep)
}

@inline(__always) @_cdecl("emu_handler_li_c")
func threadedLiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLi(ip, regs, count, scratch, context, step: compressedStep)
}

@inline(__always) @_cdecl("emu_handler_jal")
func threadedJal(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeJal(ip, regs, count, scratch, context, backward: false)
}

@inline(__always) @_cdecl("emu_handler_jal_back")
func threadedJalBack(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeJal(ip, regs, count, scratch, context, backward: true)
}

@inline(__always) @_cdecl("emu_handler_jalr")
func threadedJalr(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeJalr(ip, regs, count, scratch, context, Semantics.jalrTarget)
}

@inline(__always) @_cdecl("emu_handler_beq")
func threadedBeq(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: false, Semantics.eq)
}

@inline(__always) @_cdecl("emu_handler_beq_c")
func threadedBeqC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: false, Semantics.eq)
}

@inline(__always) @_cdecl("emu_handler_beq_back")
func threadedBeqBack(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: true, Semantics.eq)
}

@inline(__always) @_cdecl("emu_handler_beq_back_c")
func threadedBeqBackC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: true, Semantics.eq)
}

@inline(__always) @_cdecl("emu_handler_bne")
func threadedBne(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: false, Semantics.ne)
}

@inline(__always) @_cdecl("emu_handler_bne_c")
func threadedBneC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: false, Semantics.ne)
}

@inline(__always) @_cdecl("emu_handler_bne_back")
func threadedBneBack(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: true, Semantics.ne)
}

@inline(__always) @_cdecl("emu_handler_bne_back_c")
func threadedBneBackC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: true, Semantics.ne)
}

@inline(__always) @_cdecl("emu_handler_blt")
func threadedBlt(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: false, Semantics.lt)
}

@inline(__always) @_cdecl("emu_handler_blt_c")
func threadedBltC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: false, Semantics.lt)
}

@inline(__always) @_cdecl("emu_handler_blt_back")
func threadedBltBack(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: true, Semantics.lt)
}

@inline(__always) @_cdecl("emu_handler_blt_back_c")
func threadedBltBackC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: true, Semantics.lt)
}

@inline(__always) @_cdecl("emu_handler_bge")
func threadedBge(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: false, Semantics.ge)
}

@inline(__always) @_cdecl("emu_handler_bge_c")
func threadedBgeC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: false, Semantics.ge)
}

@inline(__always) @_cdecl("emu_handler_bge_back")
func threadedBgeBack(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: true, Semantics.ge)
}

@inline(__always) @_cdecl("emu_handler_bge_back_c")
func threadedBgeBackC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: true, Semantics.ge)
}

@inline(__always) @_cdecl("emu_handler_bltu")
func threadedBltu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: false, Semantics.ltu)
}

@inline(__always) @_cdecl("emu_handler_bltu_c")
func threadedBltuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: false, Semantics.ltu)
}

@inline(__always) @_cdecl("emu_handler_bltu_back")
func threadedBltuBack(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: true, Semantics.ltu)
}

@inline(__always) @_cdecl("emu_handler_bltu_back_c")
func threadedBltuBackC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: true, Semantics.ltu)
}

@inline(__always) @_cdecl("emu_handler_bgeu")
func threadedBgeu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: false, Semantics.geu)
}

@inline(__always) @_cdecl("emu_handler_bgeu_c")
func threadedBgeuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: false, Semantics.geu)
}

@inline(__always) @_cdecl("emu_handler_bgeu_back")
func threadedBgeuBack(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: fullStep, backward: true, Semantics.geu)
}

@inline(__always) @_cdecl("emu_handler_bgeu_back_c")
func threadedBgeuBackC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeBranch(ip, regs, count, scratch, context, step: compressedStep, backward: true, Semantics.geu)
}

@inline(__always) @_cdecl("emu_handler_lb")
func threadedLb(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: fullStep, width: 1, Semantics.lb)
}

@inline(__always) @_cdecl("emu_handler_lb_c")
func threadedLbC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: compressedStep, width: 1, Semantics.lb)
}

@inline(__always) @_cdecl("emu_handler_lh")
func threadedLh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: fullStep, width: 2, Semantics.lh)
}

@inline(__always) @_cdecl("emu_handler_lh_c")
func threadedLhC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: compressedStep, width: 2, Semantics.lh)
}

@inline(__always) @_cdecl("emu_handler_lw")
func threadedLw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: fullStep, width: 4, Semantics.lw)
}

@inline(__always) @_cdecl("emu_handler_lw_c")
func threadedLwC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: compressedStep, width: 4, Semantics.lw)
}

@inline(__always) @_cdecl("emu_handler_lbu")
func threadedLbu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: fullStep, width: 1, Semantics.lbu)
}

@inline(__always) @_cdecl("emu_handler_lbu_c")
func threadedLbuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: compressedStep, width: 1, Semantics.lbu)
}

@inline(__always) @_cdecl("emu_handler_lhu")
func threadedLhu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: fullStep, width: 2, Semantics.lhu)
}

@inline(__always) @_cdecl("emu_handler_lhu_c")
func threadedLhuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeLoad(ip, regs, count, scratch, context, step: compressedStep, width: 2, Semantics.lhu)
}

@inline(__always) @_cdecl("emu_handler_sb")
func threadedSb(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeStore(ip, regs, count, scratch, context, step: fullStep, width: 1, Semantics.sb)
}

@inline(__always) @_cdecl("emu_handler_sb_c")
func threadedSbC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeStore(ip, regs, count, scratch, context, step: compressedStep, width: 1, Semantics.sb)
}

@inline(__always) @_cdecl("emu_handler_sh")
func threadedSh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeStore(ip, regs, count, scratch, context, step: fullStep, width: 2, Semantics.sh)
}

@inline(__always) @_cdecl("emu_handler_sh_c")
func threadedShC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeStore(ip, regs, count, scratch, context, step: compressedStep, width: 2, Semantics.sh)
}

@inline(__always) @_cdecl("emu_handler_sw")
func threadedSw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeStore(ip, regs, count, scratch, context, step: fullStep, width: 4, Semantics.sw)
}

@inline(__always) @_cdecl("emu_handler_sw_c")
func threadedSwC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeStore(ip, regs, count, scratch, context, step: compressedStep, width: 4, Semantics.sw)
}

@inline(__always) @_cdecl("emu_handler_addi")
func threadedAddi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.add)
}

@inline(__always) @_cdecl("emu_handler_addi_c")
func threadedAddiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.add)
}

@inline(__always) @_cdecl("emu_handler_slti")
func threadedSlti(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.slt)
}

@inline(__always) @_cdecl("emu_handler_slti_c")
func threadedSltiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.slt)
}

@inline(__always) @_cdecl("emu_handler_sltiu")
func threadedSltiu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.sltu)
}

@inline(__always) @_cdecl("emu_handler_sltiu_c")
func threadedSltiuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.sltu)
}

@inline(__always) @_cdecl("emu_handler_xori")
func threadedXori(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.xor)
}

@inline(__always) @_cdecl("emu_handler_xori_c")
func threadedXoriC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.xor)
}

@inline(__always) @_cdecl("emu_handler_ori")
func threadedOri(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.or)
}

@inline(__always) @_cdecl("emu_handler_ori_c")
func threadedOriC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.or)
}

@inline(__always) @_cdecl("emu_handler_andi")
func threadedAndi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.and)
}

@inline(__always) @_cdecl("emu_handler_andi_c")
func threadedAndiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.and)
}

@inline(__always) @_cdecl("emu_handler_slli")
func threadedSlli(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.sll)
}

@inline(__always) @_cdecl("emu_handler_slli_c")
func threadedSlliC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.sll)
}

@inline(__always) @_cdecl("emu_handler_srli")
func threadedSrli(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.srl)
}

@inline(__always) @_cdecl("emu_handler_srli_c")
func threadedSrliC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.srl)
}

@inline(__always) @_cdecl("emu_handler_srai")
func threadedSrai(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.sra)
}

@inline(__always) @_cdecl("emu_handler_srai_c")
func threadedSraiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.sra)
}

@inline(__always) @_cdecl("emu_handler_add")
func threadedAdd(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.add)
}

@inline(__always) @_cdecl("emu_handler_add_c")
func threadedAddC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.add)
}

@inline(__always) @_cdecl("emu_handler_sub")
func threadedSub(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.sub)
}

@inline(__always) @_cdecl("emu_handler_sub_c")
func threadedSubC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.sub)
}

@inline(__always) @_cdecl("emu_handler_sll")
func threadedSll(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.sll)
}

@inline(__always) @_cdecl("emu_handler_sll_c")
func threadedSllC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.sll)
}

@inline(__always) @_cdecl("emu_handler_slt")
func threadedSlt(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.slt)
}

@inline(__always) @_cdecl("emu_handler_slt_c")
func threadedSltC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.slt)
}

@inline(__always) @_cdecl("emu_handler_sltu")
func threadedSltu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.sltu)
}

@inline(__always) @_cdecl("emu_handler_sltu_c")
func threadedSltuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.sltu)
}

@inline(__always) @_cdecl("emu_handler_xor")
func threadedXor(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.xor)
}

@inline(__always) @_cdecl("emu_handler_xor_c")
func threadedXorC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.xor)
}

@inline(__always) @_cdecl("emu_handler_srl")
func threadedSrl(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.srl)
}

@inline(__always) @_cdecl("emu_handler_srl_c")
func threadedSrlC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.srl)
}

@inline(__always) @_cdecl("emu_handler_sra")
func threadedSra(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.sra)
}

@inline(__always) @_cdecl("emu_handler_sra_c")
func threadedSraC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.sra)
}

@inline(__always) @_cdecl("emu_handler_or")
func threadedOr(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.or)
}

@inline(__always) @_cdecl("emu_handler_or_c")
func threadedOrC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.or)
}

@inline(__always) @_cdecl("emu_handler_and")
func threadedAnd(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.and)
}

@inline(__always) @_cdecl("emu_handler_and_c")
func threadedAndC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.and)
}

@inline(__always) @_cdecl("emu_handler_mul")
func threadedMul(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.mul)
}

@inline(__always) @_cdecl("emu_handler_mul_c")
func threadedMulC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.mul)
}

@inline(__always) @_cdecl("emu_handler_mulh")
func threadedMulh(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.mulh)
}

@inline(__always) @_cdecl("emu_handler_mulh_c")
func threadedMulhC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.mulh)
}

@inline(__always) @_cdecl("emu_handler_mulhsu")
func threadedMulhsu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.mulhsu)
}

@inline(__always) @_cdecl("emu_handler_mulhsu_c")
func threadedMulhsuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.mulhsu)
}

@inline(__always) @_cdecl("emu_handler_mulhu")
func threadedMulhu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.mulhu)
}

@inline(__always) @_cdecl("emu_handler_mulhu_c")
func threadedMulhuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.mulhu)
}

@inline(__always) @_cdecl("emu_handler_div")
func threadedDiv(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.div)
}

@inline(__always) @_cdecl("emu_handler_div_c")
func threadedDivC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.div)
}

@inline(__always) @_cdecl("emu_handler_divu")
func threadedDivu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.divu)
}

@inline(__always) @_cdecl("emu_handler_divu_c")
func threadedDivuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.divu)
}

@inline(__always) @_cdecl("emu_handler_rem")
func threadedRem(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.rem)
}

@inline(__always) @_cdecl("emu_handler_rem_c")
func threadedRemC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.rem)
}

@inline(__always) @_cdecl("emu_handler_remu")
func threadedRemu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.remu)
}

@inline(__always) @_cdecl("emu_handler_remu_c")
func threadedRemuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.remu)
}

@inline(__always) @_cdecl("emu_handler_sh1add")
func threadedSh1add(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.sh1add)
}

@inline(__always) @_cdecl("emu_handler_sh1add_c")
func threadedSh1addC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.sh1add)
}

@inline(__always) @_cdecl("emu_handler_sh2add")
func threadedSh2add(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.sh2add)
}

@inline(__always) @_cdecl("emu_handler_sh2add_c")
func threadedSh2addC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.sh2add)
}

@inline(__always) @_cdecl("emu_handler_sh3add")
func threadedSh3add(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.sh3add)
}

@inline(__always) @_cdecl("emu_handler_sh3add_c")
func threadedSh3addC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.sh3add)
}

@inline(__always) @_cdecl("emu_handler_andn")
func threadedAndn(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.andn)
}

@inline(__always) @_cdecl("emu_handler_andn_c")
func threadedAndnC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.andn)
}

@inline(__always) @_cdecl("emu_handler_orn")
func threadedOrn(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.orn)
}

@inline(__always) @_cdecl("emu_handler_orn_c")
func threadedOrnC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.orn)
}

@inline(__always) @_cdecl("emu_handler_xnor")
func threadedXnor(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.xnor)
}

@inline(__always) @_cdecl("emu_handler_xnor_c")
func threadedXnorC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.xnor)
}

@inline(__always) @_cdecl("emu_handler_clz")
func threadedClz(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.clz)
}

@inline(__always) @_cdecl("emu_handler_clz_c")
func threadedClzC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.clz)
}

@inline(__always) @_cdecl("emu_handler_ctz")
func threadedCtz(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.ctz)
}

@inline(__always) @_cdecl("emu_handler_ctz_c")
func threadedCtzC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.ctz)
}

@inline(__always) @_cdecl("emu_handler_cpop")
func threadedCpop(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.cpop)
}

@inline(__always) @_cdecl("emu_handler_cpop_c")
func threadedCpopC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.cpop)
}

@inline(__always) @_cdecl("emu_handler_max")
func threadedMax(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.max)
}

@inline(__always) @_cdecl("emu_handler_max_c")
func threadedMaxC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.max)
}

@inline(__always) @_cdecl("emu_handler_maxu")
func threadedMaxu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.maxu)
}

@inline(__always) @_cdecl("emu_handler_maxu_c")
func threadedMaxuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.maxu)
}

@inline(__always) @_cdecl("emu_handler_min")
func threadedMin(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.min)
}

@inline(__always) @_cdecl("emu_handler_min_c")
func threadedMinC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.min)
}

@inline(__always) @_cdecl("emu_handler_minu")
func threadedMinu(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.minu)
}

@inline(__always) @_cdecl("emu_handler_minu_c")
func threadedMinuC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.minu)
}

@inline(__always) @_cdecl("emu_handler_sextB")
func threadedSextB(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.sextB)
}

@inline(__always) @_cdecl("emu_handler_sextB_c")
func threadedSextBC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.sextB)
}

@inline(__always) @_cdecl("emu_handler_sextH")
func threadedSextH(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.sextH)
}

@inline(__always) @_cdecl("emu_handler_sextH_c")
func threadedSextHC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.sextH)
}

@inline(__always) @_cdecl("emu_handler_zextH")
func threadedZextH(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.zextH)
}

@inline(__always) @_cdecl("emu_handler_zextH_c")
func threadedZextHC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.zextH)
}

@inline(__always) @_cdecl("emu_handler_rol")
func threadedRol(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.rol)
}

@inline(__always) @_cdecl("emu_handler_rol_c")
func threadedRolC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.rol)
}

@inline(__always) @_cdecl("emu_handler_ror")
func threadedRor(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.ror)
}

@inline(__always) @_cdecl("emu_handler_ror_c")
func threadedRorC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.ror)
}

@inline(__always) @_cdecl("emu_handler_rori")
func threadedRori(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, shiftCount: true, Semantics.ror)
}

@inline(__always) @_cdecl("emu_handler_rori_c")
func threadedRoriC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, shiftCount: true, Semantics.ror)
}

@inline(__always) @_cdecl("emu_handler_orcB")
func threadedOrcB(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.orcB)
}

@inline(__always) @_cdecl("emu_handler_orcB_c")
func threadedOrcBC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.orcB)
}

@inline(__always) @_cdecl("emu_handler_rev8")
func threadedRev8(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.rev8)
}

@inline(__always) @_cdecl("emu_handler_rev8_c")
func threadedRev8C(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.rev8)
}

@inline(__always) @_cdecl("emu_handler_bset")
func threadedBset(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.bset)
}

@inline(__always) @_cdecl("emu_handler_bset_c")
func threadedBsetC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.bset)
}

@inline(__always) @_cdecl("emu_handler_bclr")
func threadedBclr(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.bclr)
}

@inline(__always) @_cdecl("emu_handler_bclr_c")
func threadedBclrC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.bclr)
}

@inline(__always) @_cdecl("emu_handler_binv")
func threadedBinv(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.binv)
}

@inline(__always) @_cdecl("emu_handler_binv_c")
func threadedBinvC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.binv)
}

@inline(__always) @_cdecl("emu_handler_bext")
func threadedBext(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: fullStep, Semantics.bext)
}

@inline(__always) @_cdecl("emu_handler_bext_c")
func threadedBextC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterRegister(ip, regs, count, scratch, context, step: compressedStep, Semantics.bext)
}

@inline(__always) @_cdecl("emu_handler_bseti")
func threadedBseti(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.bset)
}

@inline(__always) @_cdecl("emu_handler_bseti_c")
func threadedBsetiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.bset)
}

@inline(__always) @_cdecl("emu_handler_bclri")
func threadedBclri(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.bclr)
}

@inline(__always) @_cdecl("emu_handler_bclri_c")
func threadedBclriC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.bclr)
}

@inline(__always) @_cdecl("emu_handler_binvi")
func threadedBinvi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.binv)
}

@inline(__always) @_cdecl("emu_handler_binvi_c")
func threadedBinviC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.binv)
}

@inline(__always) @_cdecl("emu_handler_bexti")
func threadedBexti(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: fullStep, Semantics.bext)
}

@inline(__always) @_cdecl("emu_handler_bexti_c")
func threadedBextiC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeRegisterImmediate(ip, regs, count, scratch, context, step: compressedStep, Semantics.bext)
}

@inline(__always) @_cdecl("emu_handler_flw")
func threadedFlw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatLoad(ip, regs, count, scratch, context, step: fullStep, width: 4)
}

@inline(__always) @_cdecl("emu_handler_flw_c")
func threadedFlwC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatLoad(ip, regs, count, scratch, context, step: compressedStep, width: 4)
}

@inline(__always) @_cdecl("emu_handler_fsw")
func threadedFsw(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatStore(ip, regs, count, scratch, context, step: fullStep, width: 4)
}

@inline(__always) @_cdecl("emu_handler_fsw_c")
func threadedFswC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatStore(ip, regs, count, scratch, context, step: compressedStep, width: 4)
}

@inline(__always) @_cdecl("emu_handler_faddS")
func threadedFaddS(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSingleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatAdd)
}

@inline(__always) @_cdecl("emu_handler_fsubS")
func threadedFsubS(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSingleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatSubtract)
}

@inline(__always) @_cdecl("emu_handler_fmulS")
func threadedFmulS(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSingleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatMultiply)
}

@inline(__always) @_cdecl("emu_handler_fdivS")
func threadedFdivS(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSingleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatDivide)
}

@inline(__always) @_cdecl("emu_handler_fsgnjS")
func threadedFsgnjS(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSingleBitwise(ip, regs, count, scratch, context, step: fullStep, Semantics.signInject)
}

@inline(__always) @_cdecl("emu_handler_fsgnjnS")
func threadedFsgnjnS(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSingleBitwise(ip, regs, count, scratch, context, step: fullStep, Semantics.signInjectNegated)
}

@inline(__always) @_cdecl("emu_handler_fsgnjxS")
func threadedFsgnjxS(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeSingleBitwise(ip, regs, count, scratch, context, step: fullStep, Semantics.signInjectXor)
}

@inline(__always) @_cdecl("emu_handler_fld")
func threadedFld(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatLoad(ip, regs, count, scratch, context, step: fullStep, width: 8)
}

@inline(__always) @_cdecl("emu_handler_fld_c")
func threadedFldC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatLoad(ip, regs, count, scratch, context, step: compressedStep, width: 8)
}

@inline(__always) @_cdecl("emu_handler_fsd")
func threadedFsd(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatStore(ip, regs, count, scratch, context, step: fullStep, width: 8)
}

@inline(__always) @_cdecl("emu_handler_fsd_c")
func threadedFsdC(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeFloatStore(ip, regs, count, scratch, context, step: compressedStep, width: 8)
}

@inline(__always) @_cdecl("emu_handler_faddD")
func threadedFaddD(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDoubleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatAdd)
}

@inline(__always) @_cdecl("emu_handler_fsubD")
func threadedFsubD(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDoubleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatSubtract)
}

@inline(__always) @_cdecl("emu_handler_fmulD")
func threadedFmulD(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDoubleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatMultiply)
}

@inline(__always) @_cdecl("emu_handler_fdivD")
func threadedFdivD(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDoubleArithmetic(ip, regs, count, scratch, context, step: fullStep, Semantics.floatDivide)
}

@inline(__always) @_cdecl("emu_handler_fsgnjD")
func threadedFsgnjD(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDoubleBitwise(ip, regs, count, scratch, context, step: fullStep, Semantics.signInject)
}

@inline(__always) @_cdecl("emu_handler_fsgnjnD")
func threadedFsgnjnD(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDoubleBitwise(ip, regs, count, scratch, context, step: fullStep, Semantics.signInjectNegated)
}

@inline(__always) @_cdecl("emu_handler_fsgnjxD")
func threadedFsgnjxD(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    executeDoubleBitwise(ip, regs, count, scratch, context, step: fullStep, Semantics.signInjectXor)
}

extension ThreadedHandlers {
    /// A store outside the fast window (reached through `LoopContext.storeMiss`).
    static let storeMiss: ThreadedHandler = threadedStoreMiss

    /// The function that runs entries of `kind` for an instruction of `length` bytes
    /// (decode time only).
    static func function(for kind: Handler, length: Int) -> ThreadedHandler {
        switch kind {
        case .notDecoded: threadedNotDecoded
        case .fetchFault: threadedFetchFault
        case .illegal: threadedIllegal
        case .slow: threadedSlow
        case .breakpoint: threadedBreakpoint
        case .nop: length == 2 ? threadedNopC : threadedNop
        case .li: length == 2 ? threadedLiC : threadedLi
        case .fmaddS: cHandler(emu_handler_fmaddS)
        case .fmsubS: cHandler(emu_handler_fmsubS)
        case .fnmsubS: cHandler(emu_handler_fnmsubS)
        case .fnmaddS: cHandler(emu_handler_fnmaddS)
        case .fmaddD: cHandler(emu_handler_fmaddD)
        case .fmsubD: cHandler(emu_handler_fmsubD)
        case .fnmsubD: cHandler(emu_handler_fnmsubD)
        case .fnmaddD: cHandler(emu_handler_fnmaddD)
        case .jal: threadedJal
        case .jalBack: threadedJalBack
        case .jalr: threadedJalr
        case .beq: length == 2 ? threadedBeqC : threadedBeq
        case .beqBack: length == 2 ? threadedBeqBackC : threadedBeqBack
        case .bne: length == 2 ? threadedBneC : threadedBne
        case .bneBack: length == 2 ? threadedBneBackC : threadedBneBack
        case .blt: length == 2 ? threadedBltC : threadedBlt
        case .bltBack: length == 2 ? threadedBltBackC : threadedBltBack
        case .bge: length == 2 ? threadedBgeC : threadedBge
        case .bgeBack: length == 2 ? threadedBgeBackC : threadedBgeBack
        case .bltu: length == 2 ? threadedBltuC : threadedBltu
        case .bltuBack: length == 2 ? threadedBltuBackC : threadedBltuBack
        case .bgeu: length == 2 ? threadedBgeuC : threadedBgeu
        case .bgeuBack: length == 2 ? threadedBgeuBackC : threadedBgeuBack
        case .lb: length == 2 ? threadedLbC : threadedLb
        case .lh: length == 2 ? threadedLhC : threadedLh
        case .lw: length == 2 ? threadedLwC : threadedLw
        case .lbu: length == 2 ? threadedLbuC : threadedLbu
        case .lhu: length == 2 ? threadedLhuC : threadedLhu
        case .sb: length == 2 ? threadedSbC : threadedSb
        case .sh: length == 2 ? threadedShC : threadedSh
        case .sw: length == 2 ? threadedSwC : threadedSw
        case .addi: length == 2 ? threadedAddiC : threadedAddi
        case .slti: length == 2 ? threadedSltiC : threadedSlti
        case .sltiu: length == 2 ? threadedSltiuC : threadedSltiu
        case .xori: length == 2 ? threadedXoriC : threadedXori
        case .ori: length == 2 ? threadedOriC : threadedOri
        case .andi: length == 2 ? threadedAndiC : threadedAndi
        case .slli: length == 2 ? threadedSlliC : threadedSlli
        case .srli: length == 2 ? threadedSrliC : threadedSrli
        case .srai: length == 2 ? threadedSraiC : threadedSrai
        case .add: length == 2 ? threadedAddC : threadedAdd
        case .sub: length == 2 ? threadedSubC : threadedSub
        case .sll: length == 2 ? threadedSllC : threadedSll
        case .slt: length == 2 ? threadedSltC : threadedSlt
        case .sltu: length == 2 ? threadedSltuC : threadedSltu
        case .xor: length == 2 ? threadedXorC : threadedXor
        case .srl: length == 2 ? threadedSrlC : threadedSrl
        case .sra: length == 2 ? threadedSraC : threadedSra
        case .or: length == 2 ? threadedOrC : threadedOr
        case .and: length == 2 ? threadedAndC : threadedAnd
        case .mul: length == 2 ? threadedMulC : threadedMul
        case .mulh: length == 2 ? threadedMulhC : threadedMulh
        case .mulhsu: length == 2 ? threadedMulhsuC : threadedMulhsu
        case .mulhu: length == 2 ? threadedMulhuC : threadedMulhu
        case .div: length == 2 ? threadedDivC : threadedDiv
        case .divu: length == 2 ? threadedDivuC : threadedDivu
        case .rem: length == 2 ? threadedRemC : threadedRem
        case .remu: length == 2 ? threadedRemuC : threadedRemu
        case .sh1add: length == 2 ? threadedSh1addC : threadedSh1add
        case .sh2add: length == 2 ? threadedSh2addC : threadedSh2add
        case .sh3add: length == 2 ? threadedSh3addC : threadedSh3add
        case .andn: length == 2 ? threadedAndnC : threadedAndn
        case .orn: length == 2 ? threadedOrnC : threadedOrn
        case .xnor: length == 2 ? threadedXnorC : threadedXnor
        case .clz: length == 2 ? threadedClzC : threadedClz
        case .ctz: length == 2 ? threadedCtzC : threadedCtz
        case .cpop: length == 2 ? threadedCpopC : threadedCpop
        case .max: length == 2 ? threadedMaxC : threadedMax
        case .maxu: length == 2 ? threadedMaxuC : threadedMaxu
        case .min: length == 2 ? threadedMinC : threadedMin
        case .minu: length == 2 ? threadedMinuC : threadedMinu
        case .sextB: length == 2 ? threadedSextBC : threadedSextB
        case .sextH: length == 2 ? threadedSextHC : threadedSextH
        case .zextH: length == 2 ? threadedZextHC : threadedZextH
        case .rol: length == 2 ? threadedRolC : threadedRol
        case .ror: length == 2 ? threadedRorC : threadedRor
        case .rori: length == 2 ? threadedRoriC : threadedRori
        case .orcB: length == 2 ? threadedOrcBC : threadedOrcB
        case .rev8: length == 2 ? threadedRev8C : threadedRev8
        case .bset: length == 2 ? threadedBsetC : threadedBset
        case .bclr: length == 2 ? threadedBclrC : threadedBclr
        case .binv: length == 2 ? threadedBinvC : threadedBinv
        case .bext: length == 2 ? threadedBextC : threadedBext
        case .bseti: length == 2 ? threadedBsetiC : threadedBseti
        case .bclri: length == 2 ? threadedBclriC : threadedBclri
        case .binvi: length == 2 ? threadedBinviC : threadedBinvi
        case .bexti: length == 2 ? threadedBextiC : threadedBexti
        case .flw: length == 2 ? threadedFlwC : threadedFlw
        case .fsw: length == 2 ? threadedFswC : threadedFsw
        case .faddS: threadedFaddS
        case .fsubS: threadedFsubS
        case .fmulS: threadedFmulS
        case .fdivS: threadedFdivS
        case .fsgnjS: threadedFsgnjS
        case .fsgnjnS: threadedFsgnjnS
        case .fsgnjxS: threadedFsgnjxS
        case .fld: length == 2 ? threadedFldC : threadedFld
        case .fsd: length == 2 ? threadedFsdC : threadedFsd
        case .faddD: threadedFaddD
        case .fsubD: threadedFsubD
        case .fmulD: threadedFmulD
        case .fdivD: threadedFdivD
        case .fsgnjD: threadedFsgnjD
        case .fsgnjnD: threadedFsgnjnD
        case .fsgnjxD: threadedFsgnjxD
        }
    }
}
