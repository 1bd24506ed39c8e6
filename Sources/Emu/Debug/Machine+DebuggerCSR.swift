extension Machine {
    /// CSR `number` as a debugger shows it: read with machine mode's rights whatever mode
    /// the hart is in (a read from S or U would be refused), without side effects; nil for
    /// a CSR the machine does not have (a Linux guest has only the user counters).
    public func debuggerReadCSR(_ number: UInt16) -> UInt32? {
        let privilege = hart.privilege
        // Why swap the mode: CSRFile.read checks the hart's privilege; reads have no side
        // effects, so reading as M and going back changes nothing.
        hart.privilege = .machine
        defer { hart.privilege = privilege }
        return csrs.read(number, hart: hart)
    }
}
