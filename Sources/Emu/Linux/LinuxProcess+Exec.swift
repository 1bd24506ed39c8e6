import Glibc

/// execve and execveat, done inside the emu process: the program is found through the
/// guest's own file system view, parsed and loaded into a fresh machine, and the process
/// keeps its pid, its descriptors (less the close-on-exec ones), its working directory
/// and its limits. No host exec ever happens: emu stays in its jail, and its seccomp
/// filter can deny execve to emu itself.
extension LinuxProcess {
    /// Linux's MAX_ARG_STRLEN: the longest single argument or environment string.
    static let maxArgumentLength = 32 * 4096
    /// The most argument and environment strings one exec takes (Linux's bound is the
    /// stack; this one keeps emu's own copy small).
    static let maxArgumentCount = 1 << 16
    /// BINPRM_BUF_SIZE: how much of a `#!` line Linux reads.
    static let interpreterLineLength = 256

    /// execve(path, argv, envp).
    func execve(_ a: SyscallArguments) -> SyscallResult {
        exec(dirfd: LinuxProcess.AT_FDCWD, path: a[0], argv: a[1], envp: a[2], flags: 0)
    }

    /// execveat(dirfd, path, argv, envp, flags): AT_EMPTY_PATH runs the file dirfd names.
    func execveat(_ a: SyscallArguments) -> SyscallResult {
        guard a[4] & ~UInt32(0x1000 | 0x100) == 0 else { return .error(.EINVAL) }
        return exec(dirfd: a.signed(0), path: a[1], argv: a[2], envp: a[3], flags: a[4])
    }

    private func exec(dirfd: Int32, path: UInt32, argv: UInt32, envp: UInt32, flags: UInt32) -> SyscallResult {
        let pathBytes: [UInt8]
        switch guestString(path) {
        case .success(let bytes): pathBytes = bytes
        case .failure(let error): return .error(error)
        }
        var arguments: [String], environment: [String]
        switch (stringArray(argv), stringArray(envp)) {
        case (.failure(let error), _), (_, .failure(let error)): return .error(error)
        case (.success(let args), .success(let env)):
            arguments = args
            environment = env
        }
        guard arguments.reduce(0, { $0 + $1.utf8.count + 1 }) + environment.reduce(0, { $0 + $1.utf8.count + 1 })
            <= Int(configuration.stackSize / 4)
        else { return .error(.E2BIG) }

        var bytes: [UInt8]
        // What /proc/PID/exe shows once the exec succeeds: the file's guest path.
        var executable: GuestName
        if pathBytes.isEmpty && flags & 0x1000 != 0 {
            guard case .host(let fd, _, _, _)? = files[UInt32(bitPattern: dirfd)] else { return .error(.EBADF) }
            switch readExecutable(hostFD: fd) {
            case .failure(let error): return .error(error)
            case .success(let file): bytes = file
            }
            executable = descriptorText(UInt32(bitPattern: dirfd))
        } else {
            switch readExecutable(dirfd, pathBytes, follow: flags & 0x100 == 0) {
            case .failure(let error): return .error(error)
            case .success(let file): (bytes, executable) = file
            }
        }
        // `#!interpreter [one argument]`: argv becomes interpreter, the argument if any,
        // the script's path as given, then argv[1...] (binfmt_script). One level: an
        // interpreter that is itself a script fails with ELOOP here (Linux allows a few).
        if bytes.starts(with: [0x23, 0x21]) {
            guard let (interpreter, argument) = LinuxProcess.interpreterLine(bytes) else { return .error(.ENOEXEC) }
            switch readExecutable(LinuxProcess.AT_FDCWD, Array(interpreter.utf8), follow: true) {
            case .failure(let error): return .error(error)
            case .success(let file): (bytes, executable) = file
            }
            if bytes.starts(with: [0x23, 0x21]) { return .error(.ELOOP) }
            arguments = [interpreter] + (argument.map { [$0] } ?? []) + [String(decoding: pathBytes, as: UTF8.self)]
                + arguments.dropFirst()
        }
        let newELF: ELFFile
        do { newELF = try ELFFile(bytes: bytes) } catch { return .error(.ENOEXEC) }
        let result = replaceImage(with: newELF, arguments: arguments, environment: environment)
        if case .value(0) = result {
            // The new program's identity, as /proc shows it: argv, environment, the file, and
            // the name (comm), which Linux takes from the exec'd file's name (not argv[0]).
            resources.arguments = arguments
            resources.environment = environment
            resources.executable = executable
            let name = (pathBytes.isEmpty ? executable : pathBytes).split(separator: 0x2F).last.map(Array.init) ?? []
            resources.commandName = Array(name.prefix(15))
            publishIdentity()
        }
        return result
    }

    /// Loads `newELF` into a fresh machine and makes it the process's. Before the new image
    /// is complete nothing of the old one changes, so a failure returns to the old program.
    private func replaceImage(with newELF: ELFFile, arguments: [String], environment: [String]) -> SyscallResult {
        let image: ImageLoader.Image
        do {
            image = try ImageLoader.load(newELF, arenaSize: configuration.memoryLimit, isa: configuration.isa)
        } catch {
            if case .doesNotFit = error { return .error(.ENOMEM) }
            return .error(.ENOEXEC)
        }
        let memory = image.machine.memory
        guard case .success(let (bottom, top)) = LinuxProcess.stackRange(memory, elf: newELF, image: image, configuration)
        else { return .error(.ENOMEM) }
        var random = [UInt8](repeating: 0, count: 16)
        fillRandom(&random)
        let sp: UInt32
        do {
            sp = try LinuxProcess.buildStack(memory, top: top, elf: newELF, configuration: configuration,
                                             arguments: arguments, environment: environment, random: random)
        } catch { return .error(.E2BIG) }

        // The point of no return.
        let old = machine
        image.machine.csrs.timeSource = old.csrs.timeSource
        image.machine.hart[2] = sp
        image.machine.hart.privilege = .user
        // One instruction count for the process across execs, so that --max-insns holds
        // for it (the ecall retires in the new count, as the old hart no longer counts).
        image.machine.hart.instret = old.hart.instret &+ 1
        machine = image.machine
        elf = newELF
        auxiliaryVector = LinuxStack.auxiliaryVector(memory: memory, sp: sp) ?? []
        stackBottom = bottom
        heapStart = image.imageEnd
        programBreak = image.imageEnd
        mappings = []
        signals.resetForExec()
        files.closeCloseOnExec()
        if tree.vforkRelease >= 0 {
            Glibc.close(tree.vforkRelease)
            tree.vforkRelease = -1
        }
        // The caller writes a0 and advances pc on the old hart (captured before the call),
        // which is discarded: the new program starts at its entry with a0 = 0.
        return .success
    }

    /// The file at (dirfd, path) if the guest may execute it: a regular file with an
    /// execute bit, read whole (no larger than the guest's memory).
    /// The file's bytes and its guest path.
    private func readExecutable(_ dirfd: Int32, _ path: [UInt8], follow: Bool) -> Result<([UInt8], GuestName), LinuxErrno> {
        let base: [GuestName]?
        switch baseDirectory(dirfd) {
        case .failure(let error): return .failure(error)
        case .success(let directory): base = directory
        }
        switch fileSystem.locate(path, base: base, followFinal: follow) {
        case .failure(let error): return .failure(error)
        case .success(let location):
            defer { if location.parentFD >= 0 { Glibc.close(location.parentFD) } }
            guard location.parentFD >= 0, !location.name.isEmpty else { return .failure(.EACCES) }
            // O_NOFOLLOW: the guest file system resolved every link already (see openat).
            let fd = Glibc.openat(location.parentFD, location.hostName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return .failure(errno == ELOOP ? .ELOOP : .host) }
            defer { Glibc.close(fd) }
            return readExecutable(hostFD: fd).map { ($0, GuestName.path(location.guestPath)) }
        }
    }

    private func readExecutable(hostFD fd: Int32) -> Result<[UInt8], LinuxErrno> {
        var status = stat()
        guard Glibc.fstat(fd, &status) == 0 else { return .failure(.host) }
        guard status.st_mode & S_IFMT == S_IFREG, status.st_mode & 0o111 != 0 else { return .failure(.EACCES) }
        guard status.st_size >= 0, UInt64(status.st_size) <= configuration.memoryLimit else { return .failure(.ENOMEM) }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.pread(fd, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            done += count
        }
        return .success(Array(bytes.prefix(done)))
    }

    /// The interpreter and its optional single argument from a `#!` line, or nil (ENOEXEC)
    /// when the line names none or does not end within BINPRM_BUF_SIZE.
    static func interpreterLine(_ bytes: [UInt8]) -> (String, String?)? {
        let window = bytes.prefix(interpreterLineLength).dropFirst(2)
        let line: ArraySlice<UInt8>
        if let newline = window.firstIndex(of: 0x0A) {
            line = window[..<newline]
        } else if bytes.count <= interpreterLineLength {
            line = window
        } else {
            return nil
        }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        let trimmed = line.drop(while: blank).reversed().drop(while: { blank($0) || $0 == 0x0D }).reversed()
        let text = Array(trimmed)
        guard !text.isEmpty else { return nil }
        let end = text.firstIndex(where: blank) ?? text.count
        let interpreter = String(decoding: text[..<end], as: UTF8.self)
        let rest = Array(text[end...].drop(while: blank))
        return (interpreter, rest.isEmpty ? nil : String(decoding: rest, as: UTF8.self))
    }

    /// A guest NULL-terminated array of string pointers (argv, envp); NULL itself is empty.
    private func stringArray(_ address: UInt32) -> Result<[String], LinuxErrno> {
        guard address != 0 else { return .success([]) }
        var strings: [String] = []
        var cursor = address
        while true {
            guard strings.count < LinuxProcess.maxArgumentCount else { return .failure(.E2BIG) }
            guard machine.memory.check(cursor, count: 4, has: .read), let word = machine.memory.read(cursor, count: 4)
            else { return .failure(.EFAULT) }
            let pointer = word.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            if pointer == 0 { return .success(strings) }
            guard machine.memory.check(pointer, count: 1, has: .read) else { return .failure(.EFAULT) }
            guard let bytes = machine.memory.readCString(pointer, limit: LinuxProcess.maxArgumentLength)
            else { return .failure(.E2BIG) }
            strings.append(String(decoding: bytes, as: UTF8.self))
            cursor &+= 4
            guard cursor != 0 else { return .failure(.EFAULT) }
        }
    }

    // MARK: - Layout shared with the first program's start

    /// The stack reservation [bottom, top) at the top of the arena (one page lower if the
    /// arena reaches 2^32), made readable and writable; doesNotFit below 64 KiB.
    static func stackRange(_ memory: Memory, elf: ELFFile, image: ImageLoader.Image, _ configuration: LinuxConfiguration)
        -> Result<(bottom: UInt32, top: UInt32), LoadError>
    {
        let top = memory.end >= 1 << 32 ? ~(Memory.pageSize - 1) : UInt32(memory.end)
        // The image's end in 64 bits: a segment may end at exactly 2^32, which
        // `image.imageEnd` (a UInt32) would show as 0, and then the stack and heap would be
        // placed over the image.
        let page = UInt64(Memory.pageSize)
        let imageEnd = ((elf.segments.map(\.end).max() ?? UInt64(image.imageEnd)) + page - 1) / page * page
        let room = UInt64(top) > imageEnd ? UInt64(top) - imageEnd : 0
        let stackSize = UInt32(min(UInt64(configuration.stackSize), room / 2)) & ~(Memory.pageSize - 1)
        guard stackSize >= 64 * 1024 else {
            let needed = imageEnd - UInt64(image.base) + 64 * 1024 + (memory.end >= 1 << 32 ? page : 0)
            return .failure(.doesNotFit(needed: needed, limit: configuration.memoryLimit))
        }
        memory.setPermissions([.read, .write], address: top &- stackSize, count: stackSize)
        return .success((top &- stackSize, top))
    }

    /// Writes argv, envp and the auxiliary vector for `elf` below `top`; returns sp.
    static func buildStack(_ memory: Memory, top: UInt32, elf: ELFFile, configuration: LinuxConfiguration,
                           arguments: [String], environment: [String], random: [UInt8]) throws(LoadError) -> UInt32
    {
        let phdr = elf.programHeaderVirtualAddress ?? 0
        let auxiliary: [(LinuxStack.AuxKey, UInt32)] = [
            (.phdr, phdr), (.phent, UInt32(elf.programHeaderEntrySize)), (.phnum, UInt32(elf.programHeaderCount)),
            (.pagesz, Memory.pageSize), (.base, 0), (.flags, 0), (.entry, elf.entry),
            (.uid, configuration.uid), (.euid, configuration.uid), (.gid, configuration.gid), (.egid, configuration.gid),
            (.hwcap, configuration.isa.misaExtensions), (.clktck, 100), (.secure, 0),
        ]
        return try LinuxStack.build(
            memory: memory, top: top, arguments: arguments, environment: environment, auxiliary: auxiliary,
            random: random)
    }
}
