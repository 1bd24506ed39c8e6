/// Builds the initial process stack the way Linux's `create_elf_tables` lays it out:
/// argc, argv pointers, NULL, envp pointers, NULL, the auxiliary vector, then (higher up)
/// the 16 AT_RANDOM bytes and the argument and environment strings; sp 16-byte aligned.
enum LinuxStack {
    /// Auxiliary-vector keys (include/uapi/linux/auxvec.h).
    enum AuxKey: UInt32 {
        case null = 0, phdr = 3, phent = 4, phnum = 5, pagesz = 6, base = 7, flags = 8, entry = 9
        case uid = 11, euid = 12, gid = 13, egid = 14, hwcap = 16, clktck = 17, secure = 23
        case random = 25, execfn = 31
    }

    /// Writes the stack below `top` and returns the initial sp.
    static func build(
        memory: Memory, top: UInt32, arguments: [String], environment: [String],
        auxiliary: [(AuxKey, UInt32)], random: [UInt8]
    ) throws(LoadError) -> UInt32 {
        let strings = (arguments + environment).map { Array($0.utf8) + [0] }
        let stringBytes = strings.reduce(0) { $0 + $1.count }
        guard stringBytes <= 128 * 1024, arguments.count + environment.count < 32 * 1024 else {
            throw .argumentsTooLong
        }
        var cursor = top &- 16
        // The execfn string first (highest), as Linux does, then argv/envp strings.
        var addresses: [UInt32] = []
        for string in strings.reversed() {
            cursor &-= UInt32(string.count)
            memory.write(string, at: cursor)
            addresses.append(cursor)
        }
        addresses.reverse()
        cursor &= ~15
        cursor &-= 16
        let randomAddress = cursor
        memory.write(random, at: randomAddress)

        let auxv = auxiliary + [(.random, randomAddress), (.execfn, addresses.first ?? 0), (.null, 0)]
        let words = 1 + arguments.count + 1 + environment.count + 1 + auxv.count * 2
        var sp = (cursor &- UInt32(words * 4)) & ~15
        let start = sp
        func push(_ value: UInt32) {
            memory.store32(sp, value)
            sp &+= 4
        }
        push(UInt32(arguments.count))
        for address in addresses.prefix(arguments.count) { push(address) }
        push(0)
        for address in addresses.dropFirst(arguments.count) { push(address) }
        push(0)
        for (key, value) in auxv {
            push(key.rawValue)
            push(value)
        }
        return start
    }

    /// The auxiliary vector of the stack that starts at `sp` (as `build` wrote it), as
    /// `/proc/PID/auxv` and gdb's `qXfer:auxv:read` give it: key and value words,
    /// little-endian, up to and including AT_NULL. Every count is bounded: nil when the
    /// stack does not hold a well-formed vector within 32K pointers and 64 pairs.
    static func auxiliaryVector(memory: Memory, sp: UInt32) -> [UInt8]? {
        guard let argc = memory.load32(sp), argc < 32 * 1024 else { return nil }
        var cursor = sp &+ 4 &+ (argc &+ 1) &* 4
        // The environment: pointers up to a NULL.
        var pointers = 0
        while true {
            guard let word = memory.load32(cursor), pointers < 32 * 1024 else { return nil }
            cursor &+= 4
            pointers += 1
            if word == 0 { break }
        }
        var bytes: [UInt8] = []
        for _ in 0..<64 {
            guard let pair = memory.read(cursor, count: 8) else { return nil }
            bytes += pair
            cursor &+= 8
            if pair[0..<4].allSatisfy({ $0 == 0 }) { return bytes }
        }
        return nil
    }
}
