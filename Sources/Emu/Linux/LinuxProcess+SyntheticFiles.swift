import Glibc

/// The minimal /etc and /proc a container shows, made by emu from the guest's own state:
/// /etc/passwd, /etc/group (root, the `--user` ids, nobody), /etc/hostname and /etc/hosts;
/// /proc/self, /proc/PID/{exe,cwd,fd/,stat,status,maps,cmdline,environ,comm,mounts},
/// /proc/mounts, /proc/cpuinfo, /proc/meminfo (the `--memory` limit as MemTotal),
/// /proc/uptime and /proc/loadavg. Nothing in them comes from the host: no host pid, path,
/// user or memory figure. All read-only; each file's bytes are made when it is opened.
///
/// /etc is served unless a mount holds it (a root file system brings its own); /proc unless
/// a mount is placed at or below /proc (a root mount does not hide it, as Docker mounts
/// proc over the image's /proc).
extension LinuxProcess {
    static let procName = GuestName("proc".utf8)
    static let etcName = GuestName("etc".utf8)

    var providesEtc: Bool {
        fileSystem.mountIndex(containing: [LinuxProcess.etcName]) == nil && !hasMount(below: [LinuxProcess.etcName])
    }

    var providesProc: Bool { !hasMount(below: [LinuxProcess.procName]) }

    /// Whether a mount is placed at `path` or anywhere below it.
    func hasMount(below path: [GuestName]) -> Bool {
        fileSystem.mounts.contains { $0.components.starts(with: path) }
    }

    /// The guest path of the running program, when the guest can see it: the host file
    /// lies in a mount (otherwise /proc/PID/exe does not exist, rather than show a host path).
    var executableGuestPath: GuestName? {
        if let executable = resources.executable { return executable }
        guard let program = configuration.arguments.first else { return nil }
        // A program emu found in the guest's mounts (`GuestProgramLookup`) is the guest's
        // file; looked up here, on demand, rather than at every start.
        if case .found(let fd, let guestPath) = GuestProgramLookup.open(program, mounts: configuration.mounts) {
            Glibc.close(fd)
            return GuestName(guestPath.utf8)
        }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard realpath(program, &resolved) != nil else { return nil }
        let host = resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let view = fileSystem.guestView(ofLinkText: host)
        return view == host ? nil : view
    }

    static let procFileNames = ["cmdline", "comm", "environ", "maps", "mounts", "stat", "status"]

    /// `text` as a number when it is one written as Linux names /proc entries: decimal,
    /// no sign, no leading zeros (so `/proc/01` and `fd/+1` are not entries).
    static func canonicalNumber<T: FixedWidthInteger>(_ text: String) -> T? {
        guard let value = T(text), String(value) == text else { return nil }
        return value
    }

    // MARK: - The tree

    /// What emu serves at `path`, or nil.
    func syntheticNode(at path: [GuestName]) -> SyntheticNode? {
        guard let first = path.first, first == LinuxProcess.procName || first == LinuxProcess.etcName else { return nil }
        let names = path.map { String(decoding: $0, as: UTF8.self) }
        if first == LinuxProcess.etcName {
            guard providesEtc else { return nil }
            if path.count == 1 { return .directory }
            return path.count == 2 && ["passwd", "group", "hostname", "hosts"].contains(names[1]) ? .file : nil
        }
        guard providesProc else { return nil }
        if path.count == 1 { return .directory }
        let pid = String(ownPID)
        switch names[1] {
        case "self": return path.count == 2 ? .link(GuestName(pid.utf8)) : nil
        case "mounts", "cpuinfo", "meminfo", "uptime", "loadavg": return path.count == 2 ? .file : nil
        case pid: break
        default:
            // Another process of the tree: the few files its table entry can fill.
            guard let other: Int32 = LinuxProcess.canonicalNumber(names[1]), otherProcess(other) != nil else { return nil }
            if path.count == 2 { return .directory }
            return path.count == 3 && LinuxProcess.otherProcFileNames.contains(names[2]) ? .file : nil
        }
        if path.count == 2 { return .directory }
        switch (names[2], path.count) {
        case ("exe", 3): return executableGuestPath.map { .link($0) }
        case ("cwd", 3): return .link(fileSystem.workingDirectoryBytes)
        case ("fd", 3): return .directory
        case ("fd", 4):
            guard let number: UInt32 = LinuxProcess.canonicalNumber(names[3]), files[number] != nil else { return nil }
            return .link(descriptorText(number))
        case (let name, 3) where LinuxProcess.procFileNames.contains(name): return .file
        default: return nil
        }
    }

    /// The entries of one of emu's own directories.
    func syntheticEntries(of path: [GuestName]) -> [(name: GuestName, type: UInt8)] {
        if path.isEmpty {
            return (providesEtc ? [(LinuxProcess.etcName, DirectoryEntryType.directory)] : [])
                + (providesProc ? [(LinuxProcess.procName, DirectoryEntryType.directory)] : [])
        }
        guard syntheticNode(at: path) == .directory else { return [] }
        func entries(_ names: [String], _ type: UInt8) -> [(name: GuestName, type: UInt8)] {
            names.map { (GuestName($0.utf8), type) }
        }
        switch path.count {
        case 1 where path[0] == LinuxProcess.etcName:
            return entries(["group", "hostname", "hosts", "passwd"], DirectoryEntryType.regular)
        case 1:
            return entries(listedPids.map(String.init), DirectoryEntryType.directory)
                + entries(["cpuinfo", "loadavg", "meminfo", "mounts", "uptime"], DirectoryEntryType.regular)
                + entries(["self"], DirectoryEntryType.link)
        case 2 where path[1] != GuestName(String(ownPID).utf8) && path[1] != GuestName("self".utf8):
            return entries(LinuxProcess.otherProcFileNames, DirectoryEntryType.regular)
        case 2:
            return entries(["fd"], DirectoryEntryType.directory)
                + entries(LinuxProcess.procFileNames, DirectoryEntryType.regular)
                + entries(executableGuestPath == nil ? ["cwd"] : ["cwd", "exe"], DirectoryEntryType.link)
        default:
            return files.openNumbers.map { (GuestName(String($0).utf8), DirectoryEntryType.link) }
        }
    }

    /// What /proc/PID/fd/N links to: the guest path the descriptor was opened at, a device,
    /// or for the streams emu was given, their kind (never the host's name for them).
    func descriptorText(_ fd: UInt32) -> GuestName {
        switch files[fd] {
        case .device(let device)?: return GuestName("/dev/\(device.rawValue)".utf8)
        case .virtualDirectory(let path, _)?: return GuestName.path(path)
        case .host(let hostFD, _, _, let path)?:
            if let path { return GuestName.path(path) }
            var status = stat()
            guard Glibc.fstat(hostFD, &status) == 0 else { return GuestName("anon_inode:[stream]".utf8) }
            let inode = hostFacts.guestInode(mount: nil, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            switch status.st_mode & S_IFMT {
            case S_IFIFO: return GuestName("pipe:[\(inode)]".utf8)
            case S_IFSOCK: return GuestName("socket:[\(inode)]".utf8)
            case S_IFCHR where isatty(hostFD) != 0: return GuestName("/dev/pts/0".utf8)
            case S_IFCHR: return GuestName("/dev/null".utf8)
            default: return GuestName("anon_inode:[stream]".utf8)
            }
        case nil: return []
        }
    }

    // MARK: - Opening and status

    /// Opens one of emu's own files: its bytes, made now, in a sealed-off host memory file
    /// (so reads, seeks, fstat, mmap and poll work as on any file), read-only.
    func openSynthetic(_ location: GuestFileSystem.Location, flags: UInt32) -> SyscallResult {
        guard case .file? = syntheticNode(at: location.guestPath) else { return .error(.ENOENT) }
        if flags & 0x10000 != 0 { return .error(.ENOTDIR) }  // O_DIRECTORY
        // O_CREAT of an existing file creates nothing: only O_EXCL, a write mode or O_TRUNC fail.
        if flags & 0xC0 == 0xC0 { return .error(.EEXIST) }
        let wantsWrite = flags & 3 != 0 || flags & 0x200 != 0
        if wantsWrite { return .error(location.guestPath.first == LinuxProcess.procName ? .EACCES : .EROFS) }
        let bytes = syntheticContents(at: location.guestPath)
        let fd = hostMemfdCreateSynthetic("emu-synthetic", 1)  // MFD_CLOEXEC
        guard fd >= 0 else { return .error(.host) }
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            guard count > 0 else {
                Glibc.close(fd)
                return .error(.ENOMEM)
            }
            done += count
        }
        Glibc.lseek(fd, 0, SEEK_SET)
        Glibc.fchmod(fd, 0o444)
        if flags & 0x800 != 0 { _ = hostFcntl(fd, F_SETFL, Int(O_NONBLOCK)) }
        return install(.host(fd: fd, owned: true, readOnly: true, guestPath: location.guestPath))
    }

    /// The status of one of emu's own files or links (as `lstat` sees it).
    func syntheticStatus(_ path: [GuestName]) -> stat? {
        guard let node = syntheticNode(at: path) else { return nil }
        var status = syntheticStat(directory: node == .directory)
        switch node {
        case .directory: status.st_mode = S_IFDIR | 0o555
        case .file:
            status.st_mode = S_IFREG | 0o444
            // /proc files have no size (as on Linux); /etc files have theirs.
            status.st_size = path.first == LinuxProcess.etcName ? off_t(syntheticContents(at: path).count) : 0
        case .link(let text):
            status.st_mode = S_IFLNK | 0o777
            status.st_size = off_t(text.count)
        }
        return status
    }

    // MARK: - Contents

    /// The bytes of one of emu's own files.
    func syntheticContents(at path: [GuestName]) -> [UInt8] {
        let names = path.map { String(decoding: $0, as: UTF8.self) }
        if names.count == 3, names[0] == "proc", let pid = Int32(names[1]), let other = otherProcess(pid) {
            return otherProcessContents(other, file: names[2])
        }
        let text: String
        switch (names.first ?? "", names.last ?? "") {
        case ("etc", "passwd"): text = passwdText
        case ("etc", "group"): text = groupText
        case ("etc", "hostname"): text = hostname + "\n"
        case ("etc", "hosts"): text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t\(hostname)\n"
        case (_, "cpuinfo"):
            text = "processor\t: 0\nhart\t\t: 0\nisa\t\t: \(configuration.isa)\nmmu\t\t: none\nuarch\t\t: emu\n"
                + "mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n"
        case (_, "meminfo"): text = meminfoText
        case (_, "uptime"):
            let seconds = Double(uptimeNanoseconds) / 1e9
            text = "\(fixed2(seconds)) \(fixed2(seconds))\n"
        case (_, "loadavg"): text = "0.00 0.00 0.00 1/1 \(ownPID)\n"
        case (_, "mounts"): text = mountsText
        case (_, "cmdline"): return nulSeparated(resources.arguments)
        case (_, "environ"): return nulSeparated(resources.environment)
        case (_, "comm"): return resources.commandName + [0x0A]
        case (_, "stat"): text = statText
        case (_, "status"): text = statusText
        case (_, "maps"): text = mapsText
        default: text = ""
        }
        return Array(text.utf8)
    }

    func nulSeparated(_ strings: [String]) -> [UInt8] {
        strings.flatMap { Array($0.utf8) + [0] }
    }

    func fixed2(_ value: Double) -> String {
        let hundredths = UInt64(max(value, 0) * 100)
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// The users: root, the guest's own (`--user`), nobody.
    var passwdText: String {
        var lines = ["root:x:0:0:root:/root:/bin/sh"]
        let uid = configuration.uid, gid = configuration.gid
        if uid != 0 && uid != 65534 { lines.append("user:x:\(uid):\(gid):user:/home/user:/bin/sh") }
        lines.append("nobody:x:65534:65534:nobody:/nonexistent:/bin/false")
        return lines.joined(separator: "\n") + "\n"
    }

    var groupText: String {
        var lines = ["root:x:0:"]
        let gid = configuration.gid
        if gid != 0 && gid != 65534 { lines.append("user:x:\(gid):" + (configuration.uid != 0 ? "user" : "")) }
        lines.append("nogroup:x:65534:")
        return lines.joined(separator: "\n") + "\n"
    }

    var meminfoText: String {
        let total = configuration.memoryLimit / 1024, used = min(addressSpaceInUse / 1024, total)
        let rows: [(String, UInt64)] = [
            ("MemTotal", total), ("MemFree", total - used), ("MemAvailable", total - used), ("Buffers", 0),
            ("Cached", 0), ("SwapCached", 0), ("Active", used), ("Inactive", 0), ("SwapTotal", 0), ("SwapFree", 0),
            ("Shmem", 0), ("Mlocked", 0),
        ]
        return rows.map { row in
            let label = row.0 + ":"
            let number = String(row.1)
            return label + String(repeating: " ", count: max(1, 24 - label.count - number.count)) + number + " kB"
        }.joined(separator: "\n") + "\n"
    }

    /// One line per mount, as /proc/mounts has them: the source, the guest path, the type
    /// (tmpfs for `--tmpfs`, "volume" for `-v`), the options; then /proc itself.
    var mountsText: String {
        var lines: [String] = []
        for (index, mounted) in fileSystem.mounts.enumerated() {
            let temporary = index >= configuration.mounts.count
            let options = (mounted.mount.readOnly ? "ro" : "rw") + ",nosuid,nodev"
            let path = String(decoding: GuestName.path(mounted.components), as: UTF8.self)
            lines.append(temporary ? "tmpfs \(path) tmpfs \(options) 0 0" : "volume \(path) volume \(options) 0 0")
        }
        if providesProc { lines.append("proc /proc proc ro,nosuid,nodev,noexec 0 0") }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// The end of the image (its highest segment end, in pages).
    var codeRange: (start: UInt32, end: UInt32) {
        let code = elf.segments.filter { $0.permissions.contains(.execute) }
        let start = code.map(\.vaddr).min() ?? 0
        let end = code.map { UInt32(truncatingIfNeeded: min($0.end, UInt64(UInt32.max))) }.max() ?? 0
        return (start, end)
    }

    var statText: String {
        let pid = ownPID
        let lineage = ownLineage
        let ticks = cpuMicroseconds / 10_000
        let vsize = addressSpaceInUse
        let code = codeRange
        let top = machine.memory.end >= 1 << 32 ? UInt64(~(Memory.pageSize - 1)) : machine.memory.end
        let name = String(decoding: resources.commandName, as: UTF8.self)
        let fields: [String] = [
            "\(pid)", "(\(name))", "R", "\(lineage.parent)", "\(lineage.group)", "\(lineage.session)", "0", "-1", "4194304",
            "0", "0", "0", "0",
            "\(ticks)", "0", "0", "0", "20", "0", "1", "0", "0", "\(vsize)", "\(vsize / 4096)",
            "18446744073709551615", "\(code.start)", "\(code.end)", "\(top)", "0", "0", "0", "0", "0", "0", "0",
            "0", "0", "17", "0", "0", "0", "0", "0", "0", "\(code.end)", "\(heapStart)", "\(heapStart)", "0", "0",
            "0", "0", "0",
        ]
        return fields.joined(separator: " ") + "\n"
    }

    var statusText: String {
        let uid = configuration.uid, gid = configuration.gid, pid = ownPID
        let kilobytes = addressSpaceInUse / 1024
        let stack = (machine.memory.end - UInt64(stackBottom)) / 1024
        let heap = UInt64((LinuxProcess.pageRound(programBreak) ?? programBreak) - heapStart) / 1024
        let mask = String(resources.umask, radix: 8)
        let rows = [
            "Name:\t" + String(decoding: resources.commandName, as: UTF8.self),
            "Umask:\t" + String(repeating: "0", count: max(0, 4 - mask.count)) + mask,
            "State:\tR (running)", "Tgid:\t\(pid)", "Ngid:\t0", "Pid:\t\(pid)", "PPid:\t\(ownLineage.parent)", "TracerPid:\t0",
            "Uid:\t\(uid)\t\(uid)\t\(uid)\t\(uid)", "Gid:\t\(gid)\t\(gid)\t\(gid)\t\(gid)",
            "FDSize:\t\(max(64, files.limit))", "Groups:\t" + resources.groups.map(String.init).joined(separator: " "),
            "VmPeak:\t\(kilobytes) kB", "VmSize:\t\(kilobytes) kB", "VmData:\t\(heap) kB", "VmStk:\t\(stack) kB",
            "Threads:\t1", "SigQ:\t0/\(resources.soft(.pendingSignals))", "SigPnd:\t0000000000000000",
            "ShdPnd:\t0000000000000000", "SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000",
            "SigCgt:\t0000000000000000", "Seccomp:\t2", "Cpus_allowed:\t1", "Cpus_allowed_list:\t0",
        ]
        return rows.joined(separator: "\n") + "\n"
    }

    /// The address space as /proc/PID/maps lists it: runs of pages with the same
    /// permissions, from the image to the stack.
    var mapsText: String {
        let memory = machine.memory
        let page = UInt64(Memory.pageSize)
        let heapEnd = UInt64(LinuxProcess.pageRound(programBreak) ?? programBreak)
        let exe = executableGuestPath.map { String(decoding: $0, as: UTF8.self) } ?? ""
        var regions: [(start: UInt64, end: UInt64, name: String, listUnmapped: Bool)] = []
        let imageStart = UInt64(elf.segments.map(\.vaddr).min() ?? heapStart) & ~(page - 1)
        regions.append((imageStart, UInt64(heapStart), exe, false))
        if heapEnd > UInt64(heapStart) { regions.append((UInt64(heapStart), heapEnd, "[heap]", false)) }
        for mapping in mappings { regions.append((UInt64(mapping.start), mapping.end, "", true)) }
        let top = memory.end >= 1 << 32 ? UInt64(~(Memory.pageSize - 1)) : memory.end
        regions.append((UInt64(stackBottom), top, "[stack]", false))
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
        }
        var lines: [String] = []
        for region in regions.sorted(by: { $0.start < $1.start }) {
            var start = region.start
            while start < region.end {
                let permissions = memory.permissions(at: UInt32(start))
                var end = start + page
                while end < region.end, memory.permissions(at: UInt32(end)) == permissions { end += page }
                if !permissions.isEmpty || region.listUnmapped {
                    let flags = (permissions.contains(.read) ? "r" : "-") + (permissions.contains(.write) ? "w" : "-")
                        + (permissions.contains(.execute) ? "x" : "-") + "p"
                    let offset = region.name == exe && !exe.isEmpty ? hex(start - imageStart) : "00000000"
                    lines.append("\(hex(start))-\(hex(end)) \(flags) \(offset) 00:00 0" + (region.name.isEmpty ? "" : " " + region.name))
                }
                start = end
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `memfd_create(2)`, which the Glibc module does not export (the same binding as
/// OutputCapture's, which is private to it).
@_silgen_name("memfd_create")
func hostMemfdCreateSynthetic(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32
