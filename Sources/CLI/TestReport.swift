import Emu

/// What `emu test` learned about one binary, and the three ways it prints them: a text
/// line, JSON (RFC 8259) and JUnit XML.
struct TestRecord {
    /// The binary's path, as given on the command line.
    let path: String
    /// The result, or nil when the binary could not run.
    let result: BareMetalSession.Result?
    /// Why it could not run (when `result` is nil).
    let error: String?
    /// Wall-clock seconds the run took.
    let seconds: Double

    /// The riscv-tests "p" environment's trap handler writes `TESTNUM | 1337` to tohost for
    /// a trap it does not expect (env/p/riscv_test.h), so a value with all of 1337's bits
    /// set is read as that, not as a failed test number.
    static let unexpectedTrapCode: UInt32 = 1337

    /// Whether the binary passed.
    var passed: Bool { result?.outcome.passed ?? false }

    /// Whether the failure is the environment's unexpected-trap report.
    var isUnexpectedTrap: Bool {
        guard case .failed? = result?.outcome, let value = tohostValue else { return false }
        return value & Self.unexpectedTrapCode == Self.unexpectedTrapCode
    }

    /// The raw tohost value of a failed test.
    var tohostValue: UInt32? {
        guard case .failed(let number)? = result?.outcome else { return nil }
        return number << 1 | 1
    }

    /// A short machine-readable reason: pass, fail, unexpected-trap, unsupported-command,
    /// budget, timeout, error.
    var reason: String {
        guard let result else { return "error" }
        switch result.outcome {
        case .passed: return "pass"
        case .failed: return isUnexpectedTrap ? "unexpected-trap" : "fail"
        case .unsupportedCommand: return "unsupported-command"
        case .budgetExhausted: return "budget"
        case .timedOut: return "timeout"
        }
    }

    /// The human sentence for a failure (nil for a pass).
    var failureMessage: String? {
        guard let result else { return "cannot run: \(error ?? "unknown error")" }
        switch result.outcome {
        case .passed: return nil
        case .failed(let number):
            if isUnexpectedTrap {
                return "unexpected trap: mcause \(Format.hex32(result.mcause)) (\(TrapNames.cause(result.mcause))),"
                    + " mepc \(Format.hex32(result.mepc)), mtval \(Format.hex32(result.mtval))"
            }
            return "test \(number) (tohost \(Format.hex32(number << 1 | 1)))"
        case .unsupportedCommand(let value): return "tohost \(Format.hex32(value)): not an HTIF exit code"
        case .budgetExhausted: return "no tohost write within \(result.instructions) instructions (--max-insns)"
        case .timedOut: return "no tohost write within the time limit (--timeout)"
        }
    }

    /// `PASS  412 instructions`, `FAIL  test 7 (tohost 0x0000000f)  1203 instructions`, ...
    var line: String {
        guard let result else { return "ERROR  \(failureMessage ?? "")" }
        let count = "\(result.instructions) instructions"
        guard let message = failureMessage else { return "PASS  \(count)" }
        return "FAIL  \(message)  \(count)"
    }
}

/// The names of `mcause` values (privileged spec §3.1.15, table 14).
enum TrapNames {
    static func cause(_ mcause: UInt32) -> String {
        let code = mcause & 0x7FFF_FFFF
        if mcause >> 31 == 1 {
            switch code {
            case 1: return "supervisor software interrupt"
            case 3: return "machine software interrupt"
            case 5: return "supervisor timer interrupt"
            case 7: return "machine timer interrupt"
            case 9: return "supervisor external interrupt"
            case 11: return "machine external interrupt"
            default: return "interrupt \(code)"
            }
        }
        switch code {
        case 0: return "instruction address misaligned"
        case 1: return "instruction access fault"
        case 2: return "illegal instruction"
        case 3: return "breakpoint"
        case 4: return "load address misaligned"
        case 5: return "load access fault"
        case 6: return "store/AMO address misaligned"
        case 7: return "store/AMO access fault"
        case 8: return "environment call from U-mode"
        case 9: return "environment call from S-mode"
        case 11: return "environment call from M-mode"
        case 12: return "instruction page fault"
        case 13: return "load page fault"
        case 15: return "store/AMO page fault"
        default: return "exception \(code)"
        }
    }
}

/// `--json`: one object, `{"results": [...], "passed": N, "failed": N}`.
enum TestJSON {
    static func document(_ records: [TestRecord]) -> String {
        let passed = records.filter(\.passed).count
        let items = records.map(object).joined(separator: ",\n    ")
        return "{\n  \"results\": [\n    \(items)\n  ],\n  \"passed\": \(passed),\n  \"failed\": \(records.count - passed)\n}\n"
    }

    static func object(_ record: TestRecord) -> String {
        var fields: [(String, String)] = [
            ("path", string(record.path)),
            ("status", string(record.result == nil ? "error" : record.passed ? "pass" : "fail")),
            ("reason", string(record.reason)),
        ]
        if let result = record.result {
            fields.append(("instructions", "\(result.instructions)"))
            if case .failed(let number) = result.outcome {
                fields.append(("tohost", "\(number << 1 | 1)"))
                if record.isUnexpectedTrap {
                    fields += [
                        ("mcause", "\(result.mcause)"), ("mcauseName", string(TrapNames.cause(result.mcause))),
                        ("mepc", "\(result.mepc)"), ("mtval", "\(result.mtval)"),
                    ]
                } else {
                    fields.append(("test", "\(number)"))
                }
            }
        }
        if let message = record.failureMessage { fields.append(("message", string(message))) }
        fields.append(("seconds", Format.fixed(record.seconds, 6)))
        return "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// `--junit FILE`: the JUnit XML that CI servers read: one `<testsuite>` with a
/// `<testcase>` per binary, `<failure>` for a failed test and `<error>` for one that could
/// not run.
enum TestJUnit {
    static func document(_ records: [TestRecord]) -> String {
        let failures = records.filter { $0.result != nil && !$0.passed }.count
        let errors = records.filter { $0.result == nil }.count
        let total = records.reduce(0) { $0 + $1.seconds }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites tests=\"\(records.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(Format.fixed(total, 6))\">\n"
        xml += "  <testsuite name=\"emu test\" tests=\"\(records.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\" time=\"\(Format.fixed(total, 6))\">\n"
        for record in records {
            let open = "    <testcase name=\(attribute(record.path)) classname=\"emu.test\" time=\"\(Format.fixed(record.seconds, 6))\""
            guard let message = record.failureMessage else {
                xml += open + "/>\n"
                continue
            }
            let element = record.result == nil ? "error" : "failure"
            xml += open + ">\n      <\(element) message=\(attribute(message)) type=\(attribute(record.reason))/>\n    </testcase>\n"
        }
        return xml + "  </testsuite>\n</testsuites>\n"
    }

    /// An attribute value in double quotes, with XML's five special characters escaped and
    /// control characters (not allowed in XML 1.0) replaced by U+FFFD.
    static func attribute(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case _ where scalar.value < 0x20: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
