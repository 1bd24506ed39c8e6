/*
 * tls.c - the main thread's thread-local storage.
 *
 * picolibc keeps errno (and a few other variables) in thread-local
 * storage, reached as an offset from tp ("local-exec" model). Linux
 * starts a process with tp = 0, so before any C code can fail tp must
 * point at a private copy of the TLS image: .tdata's initial bytes
 * followed by zeroed .tbss.
 *
 * The image is found through the program headers, which the linker
 * places in the first loaded segment and names __ehdr_start; no linker
 * script and no auxiliary vector are needed. On RISC-V the thread
 * pointer points at the start of the block itself (TLS variant I with a
 * zero-size control block), so offsets computed by the linker are
 * tp-relative from byte 0.
 */
#include <elf.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

extern const Elf32_Ehdr __ehdr_start;

/* Room for picolibc's own variables, with margin; a bigger image falls
 * back to sbrk. */
static unsigned char static_block[256] __attribute__((aligned(16)));

/* Called by _start before anything else; must not touch errno. */
void
__emu_init_tls(void)
{
	const Elf32_Ehdr *eh = &__ehdr_start;
	const Elf32_Phdr *ph =
		(const Elf32_Phdr *)((const char *)eh + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		uintptr_t align = ph[i].p_align > 16 ? ph[i].p_align : 16;
		size_t need = ph[i].p_memsz + align;
		uintptr_t base = (uintptr_t)static_block;
		if (need > sizeof(static_block)) {
			void *more = sbrk((ptrdiff_t)need);
			if (more == (void *)-1)
				_exit(127); /* cannot run without errno */
			base = (uintptr_t)more;
		}
		base = (base + align - 1) & ~(align - 1);
		unsigned char *block = (unsigned char *)base;
		memcpy(block, (const void *)ph[i].p_vaddr, ph[i].p_filesz);
		memset(block + ph[i].p_filesz, 0,
		       ph[i].p_memsz - ph[i].p_filesz);
		__asm__ volatile("mv tp, %0" : : "r"(block));
		return;
	}
}
