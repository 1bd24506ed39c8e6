/// Delta debugging for generated programs: removes items while a failure persists, so that
/// a mismatch is reported with the few instructions that cause it.
public enum ProgramShrinker {
    /// The smallest program found (by removing whole items) for which `stillFails` holds.
    ///
    /// Tries removing chunks of half the body, then quarters, and so on down to single
    /// items, restarting at the current granularity after every success (ddmin without
    /// complements); at most `maxAttempts` calls of `stillFails`.
    public static func shrink(
        _ program: GeneratedProgram, maxAttempts: Int = 2000, stillFails: (GeneratedProgram) -> Bool
    ) -> GeneratedProgram {
        var current = program
        var attempts = 0
        var chunk = max(1, current.items.count / 2)
        while attempts < maxAttempts && !current.items.isEmpty {
            var removedAny = false
            var start = 0
            while start < current.items.count && attempts < maxAttempts {
                let removed = Set(start..<min(start + chunk, current.items.count))
                let candidate = current.removing(removed)
                attempts += 1
                if stillFails(candidate) {
                    current = candidate
                    removedAny = true
                } else {
                    start += chunk
                }
            }
            if !removedAny {
                if chunk == 1 { break }
                chunk = max(1, chunk / 2)
            }
        }
        return current
    }
}
