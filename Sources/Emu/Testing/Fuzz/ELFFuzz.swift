/// The ELF parser and the loaders on arbitrary bytes. Neither may trap; what they accept
/// must keep the promises their types make:
/// - every segment's `fileBytes.count <= memsz` and `vaddr + memsz <= 2^32`;
/// - `ImageLoader.load` into a 1 MiB arena either refuses or gives a machine whose pc is
///   the entry and whose memory holds each segment's file bytes;
/// - a loaded image runs a few thousand instructions (nothing there can trap the host), and
///   `LinuxProcess` builds its stack and auxiliary vector in a small arena or refuses.
public enum ELFFuzz {
    /// The arena the loaders get: small, so that fuzzing is fast and sizes are near limits.
    static let arena: UInt64 = 1 << 20

    /// Parses and loads `bytes`.
    public static func run(_ bytes: [UInt8]) -> [FuzzFailure] {
        var failures: [FuzzFailure] = []
        let elf: ELFFile
        do { elf = try ELFFile(bytes: bytes, maxMemory: arena) } catch { return [] }
        _ = elf.description
        _ = elf.symbolize(elf.entry)
        _ = elf.symbol(named: "_start")
        for segment in elf.segments where segment.fileBytes.count > Int(segment.memsz) || segment.end > 1 << 32 {
            failures.append(FuzzFailure("segment \(segment.programHeaderIndex) breaks its bounds: \(segment)"))
        }
        if let image = try? ImageLoader.load(elf, arenaSize: arena, isa: .all) {
            let machine = image.machine
            if machine.hart.pc != elf.entry { failures.append(FuzzFailure("pc \(machine.hart.pc) is not the entry")) }
            for segment in elf.segments where !segment.fileBytes.isEmpty {
                // A later segment may overlap an earlier one; only the last writer's bytes stay.
                let later = elf.segments.filter { $0.programHeaderIndex > segment.programHeaderIndex }
                let overlapped = later.contains { $0.vaddr < UInt32(truncatingIfNeeded: segment.end) && UInt64($0.vaddr) + UInt64($0.memsz) > UInt64(segment.vaddr) }
                if !overlapped, machine.memory.read(segment.vaddr, count: segment.fileBytes.count) != segment.fileBytes {
                    failures.append(FuzzFailure("segment \(segment.programHeaderIndex) not loaded as in the file"))
                }
            }
            _ = Interpreter.run(machine, budget: 5_000)
        }
        var configuration = LinuxConfiguration(arguments: ["fuzz", "argument"])
        configuration.environment = ["A=b"]
        configuration.memoryLimit = arena
        configuration.stackSize = 64 * 1024
        configuration.deterministic = true
        _ = try? LinuxProcess(elf: elf, configuration: configuration)
        return failures
    }
}
