import CFuzzerDriver
import Emu
import Glibc

// Runs `DWARFFuzz` under libFuzzer (command line: libFuzzer's options and corpus folders),
// crashing on the first broken invariant so that libFuzzer keeps the input. The harness
// lives in Emu, where the replay tests (Tests/EmuTests/FuzzCorpusReplayTests.swift) run
// the same code on the kept inputs.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        if let failure = DWARFFuzz.run(bytes).first { fatalError(failure.description) }
        return 0
    })
