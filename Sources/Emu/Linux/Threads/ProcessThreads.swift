/// What a process knows of its threads: nothing but the lone thread's per-thread calls
/// until it creates a second thread, then the `ThreadGroup`.
final class ProcessThreads {
    /// The threads and the shim's lock, once a second thread was created.
    var group: ThreadGroup?
    /// The lone thread's set_tid_address and set_robust_list, before a group exists.
    var clearChildTID: UInt32 = 0
    var robustList: UInt32 = 0
    /// Whether `LinuxProcess.run` drives the process (it runs every thread). A tracer or a
    /// debugger that steps the process itself cannot run threads: creating one is refused.
    var runLoopDrives = false
    /// Instructions retired by threads that exited (the first thread's stay in its machine).
    var exitedInstructions: UInt64 = 0
    /// Under `--deterministic`: the host identities of the pipes, socket pairs and eventfds
    /// the guest made (see LinuxProcess+DeterministicDescriptors).
    var guestChannels: Set<UInt64> = []
    /// Whether the refusal's notice was printed (once per process).
    var refusalNoticed = false
}
