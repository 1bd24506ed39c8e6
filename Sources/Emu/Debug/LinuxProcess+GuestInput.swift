extension LinuxProcess {
    /// Whether the system call at pc (an `ecall` not answered yet) reads from host
    /// descriptor `hostFD`: read, readv or pread64 of a guest descriptor that is it.
    /// (ppoll and pselect on it are not recognised: a guest that waits for its input that
    /// way blocks the debugger until input arrives.)
    func systemCallReads(hostFD: Int32) -> Bool {
        let number = machine.hart[17]
        guard number == LinuxSyscall.read.rawValue || number == LinuxSyscall.readv.rawValue
            || number == LinuxSyscall.pread64.rawValue
        else { return false }
        guard case .host(let fd, _, _, _)? = files[machine.hart[10]] else { return false }
        return fd == hostFD
    }
}
