// Host atomics for the guest's A extension and the per-thread preemption slots.
//
// Guest threads run on host threads over one shared guest memory, so an AMO must be one
// indivisible host operation on the host address, and SC.W a compare-and-swap. Swift has
// no atomics on a raw pointer into an mmap'd arena, so these few live in C. All are
// sequentially consistent: on x86-64 each is a locked instruction (a full barrier), which
// is at least what RVWMO asks of an AMO with aq and rl both set, so the aq/rl bits need no
// case of their own.
#include "CHostCalls.h"

uint32_t emu_amo32(int op, void *address, uint32_t operand) {
    uint32_t *word = (uint32_t *)address;
    switch (op) {
    case EMU_AMO_SWAP: return __atomic_exchange_n(word, operand, __ATOMIC_SEQ_CST);
    case EMU_AMO_ADD: return __atomic_fetch_add(word, operand, __ATOMIC_SEQ_CST);
    case EMU_AMO_XOR: return __atomic_fetch_xor(word, operand, __ATOMIC_SEQ_CST);
    case EMU_AMO_AND: return __atomic_fetch_and(word, operand, __ATOMIC_SEQ_CST);
    case EMU_AMO_OR: return __atomic_fetch_or(word, operand, __ATOMIC_SEQ_CST);
    default: break;
    }
    // min/max have no host instruction: a compare-and-swap loop, which retries only when
    // another hart changed the word in between (so it always ends).
    uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    for (;;) {
        uint32_t new;
        switch (op) {
        case EMU_AMO_MIN: new = (int32_t)old < (int32_t)operand ? old : operand; break;
        case EMU_AMO_MAX: new = (int32_t)old > (int32_t)operand ? old : operand; break;
        case EMU_AMO_MINU: new = old < operand ? old : operand; break;
        default: new = old > operand ? old : operand; break;
        }
        if (__atomic_compare_exchange_n(word, &old, new, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return old;
    }
}

int emu_cas32(void *address, uint32_t expected, uint32_t desired) {
    return __atomic_compare_exchange_n((uint32_t *)address, &expected, desired, 0, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

uint32_t emu_load32_acquire(const void *address) {
    return __atomic_load_n((const uint32_t *)address, __ATOMIC_SEQ_CST);
}

void emu_full_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

// MARK: - Preemption slots

// One slot per running guest thread: the address of its loop's limit while a loop runs,
// and a request not yet seen. Fixed storage, never freed, so that a signal handler (on any
// host thread) may walk it; every access is atomic.
static uint64_t *volatile active_limit[EMU_PREEMPT_SLOTS];
static int pending_request[EMU_PREEMPT_SLOTS];
static int preempted_run[EMU_PREEMPT_SLOTS];
static _Thread_local int current_slot;  // 0 for the main thread, as for a lone process

void emu_preempt_set_slot(int slot) {
    if (slot >= 0 && slot < EMU_PREEMPT_SLOTS) current_slot = slot;
}

int emu_preempt_slot(void) { return current_slot; }

void emu_preempt_request(int slot) {
    if (slot < 0 || slot >= EMU_PREEMPT_SLOTS) return;
    __atomic_store_n(&pending_request[slot], 1, __ATOMIC_SEQ_CST);
    uint64_t *limit = __atomic_load_n(&active_limit[slot], __ATOMIC_SEQ_CST);
    if (limit) __atomic_store_n(limit, 0, __ATOMIC_SEQ_CST);
}

void emu_preempt_request_all(void) {
    for (int slot = 0; slot < EMU_PREEMPT_SLOTS; slot++) emu_preempt_request(slot);
}

void emu_preempt_enter(uint64_t *limit) {
    int slot = current_slot;
    __atomic_store_n(&preempted_run[slot], 0, __ATOMIC_RELAXED);
    __atomic_store_n(&active_limit[slot], limit, __ATOMIC_SEQ_CST);
    if (__atomic_exchange_n(&pending_request[slot], 0, __ATOMIC_SEQ_CST)) __atomic_store_n(limit, 0, __ATOMIC_SEQ_CST);
}

void emu_preempt_leave(uint64_t *limit) {
    int slot = current_slot;
    __atomic_store_n(&active_limit[slot], (uint64_t *)0, __ATOMIC_SEQ_CST);
    // A request that raced with the end of the run is for the next one.
    if (__atomic_load_n(limit, __ATOMIC_SEQ_CST) == 0) {
        __atomic_store_n(&preempted_run[slot], 1, __ATOMIC_RELAXED);
        __atomic_store_n(&pending_request[slot], 0, __ATOMIC_SEQ_CST);
    }
}

int emu_preempt_last_run_preempted(void) { return __atomic_load_n(&preempted_run[current_slot], __ATOMIC_RELAXED); }

int emu_preempt_take_pending(void) { return __atomic_exchange_n(&pending_request[current_slot], 0, __ATOMIC_SEQ_CST); }
