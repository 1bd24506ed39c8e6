/// Maps an ELF file's loadable segments into a fresh `Memory` and builds a `Machine`
/// whose code cache covers the executable segments.
public enum ImageLoader {
    /// The address-space plan for a loaded image.
    public struct Image {
        /// The machine, with pc at the entry point.
        public let machine: Machine
        /// One past the highest byte of any segment, rounded up to a page.
        public let imageEnd: UInt32
        /// The lowest mapped address.
        public let base: UInt32
    }

    /// Loads `elf` into an arena of `arenaSize` bytes starting at the image's lowest page.
    /// `allWritable` makes every page writable and executable (bare-metal test binaries
    /// write next to their code).
    public static func load(_ elf: ELFFile, arenaSize: UInt64, isa: ISASet, allWritable: Bool = false)
        throws(LoadError) -> Image
    {
        let page = UInt64(Memory.pageSize)
        guard let lowest = elf.segments.map(\.vaddr).min() else { throw .elf(.noLoadableSegments) }
        let base = UInt64(lowest) / page * page
        let highest = elf.segments.map(\.end).max() ?? base
        let imageEnd = (highest + page - 1) / page * page
        let size = (arenaSize + page - 1) / page * page
        guard imageEnd - base <= size, base + size <= 1 << 32 else {
            throw .doesNotFit(needed: imageEnd - base, limit: arenaSize)
        }
        let memory: Memory
        do {
            memory = try Memory(base: UInt32(base), size: UInt32(truncatingIfNeeded: size))
        } catch {
            if case .hostRefused(let code) = error { throw .hostMemory(errno: code) }
            throw .doesNotFit(needed: size, limit: arenaSize)
        }
        var codeStart = UInt32.max, codeEnd: UInt32 = 0
        for segment in elf.segments {
            memory.write(segment.fileBytes, at: segment.vaddr)
            var permissions: PagePermissions = []
            if segment.readable { permissions.insert(.read) }
            if segment.writable { permissions.insert(.write) }
            if segment.executable {
                permissions.insert(.execute)
                codeStart = min(codeStart, segment.vaddr)
                codeEnd = max(codeEnd, UInt32(truncatingIfNeeded: segment.end))
            }
            memory.setPermissions(allWritable ? .all : permissions, address: segment.vaddr, count: segment.memsz)
        }
        if allWritable {
            // A bare-metal machine has no memory policy: all of RAM is readable, writable and
            // executable, and code may run from any part of the image (riscv-tests' fence_i
            // writes code into .data and jumps to it; their link.ld even leaves the segment
            // flags empty). The decoded cache spans the image, not the whole arena: the
            // interpreter's exact-budget headroom grows with the span (Interpreter.run).
            memory.setPermissions(.all, address: UInt32(base), count: UInt32(truncatingIfNeeded: size))
            codeStart = UInt32(base)
            codeEnd = UInt32(truncatingIfNeeded: min(imageEnd, (1 << 32) - 2))
        }
        guard codeStart < codeEnd else { throw .elf(.entryNotExecutable(entry: elf.entry)) }
        let machine: Machine
        do {
            machine = try Machine(memory: memory, codeStart: codeStart, codeEnd: codeEnd, isa: isa)
        } catch {
            throw .elf(.entryNotExecutable(entry: elf.entry))
        }
        machine.hart.pc = elf.entry
        return Image(machine: machine, imageEnd: UInt32(truncatingIfNeeded: imageEnd), base: UInt32(base))
    }
}
