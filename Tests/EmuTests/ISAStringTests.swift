import Testing

@testable import Emu

extension ISASet {
    /// `self` with M set, for the tests' expected values.
    func with(m: Bool) -> ISASet {
        var copy = self
        copy.m = m
        return copy
    }
}

/// `--isa` strings (ISASet+Parsing.swift): the accepted spellings, the canonical name, and
/// the error for each kind of mistake.
@Suite struct ISAStringTests {
    @Test(arguments: [
        ("rv32i", "rv32i_zicsr_zifencei"),
        ("rv32imac", "rv32imac_zicsr_zifencei"),
        ("RV32IMAC", "rv32imac_zicsr_zifencei"),
        ("rv32imafdc", "rv32imafdc_zicsr_zifencei"),
        ("rv32gc", "rv32imafdc_zicsr_zifencei"),
        ("rv32g", "rv32imafd_zicsr_zifencei"),
        ("rv32gc_zba_zbb_zbc_zbs", "rv32imafdc_zicsr_zifencei_zba_zbb_zbc_zbs"),
        ("rv32i_zbs_zba", "rv32i_zicsr_zifencei_zba_zbs"),
        ("rv32imac_zicsr_zifencei_ZBB", "rv32imac_zicsr_zifencei_zbb"),
        ("rv32icam", "rv32imac_zicsr_zifencei"),  // any order of the letters after i
        ("rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0_zba1p0", "rv32imac_zicsr_zifencei_zba"),  // versions, as in ELF attributes
        ("rv32i2p1m2p0", "rv32im_zicsr_zifencei"),
    ])
    func canonicalName(_ text: String, _ canonical: String) throws {
        let set = try ISASet.parse(text)
        #expect(set.description == canonical)
        // The canonical name parses back to the same set.
        #expect(try ISASet.parse(canonical) == set)
    }

    @Test func defaultIsEverything() {
        #expect(ISASet.all.description == "rv32imafdc_zicsr_zifencei_zba_zbb_zbc_zbs")
        #expect(ISASet(parsing: "rv32gc_zba_zbb_zbc_zbs") == ISASet.all)
        #expect(ISASet.base.description == "rv32i_zicsr_zifencei")
    }

    @Test(arguments: [
        ("", ISAStringError.empty),
        ("imac", .notAnISAString("imac")),
        ("rv", .notAnISAString("rv")),
        ("rvimac", .notAnISAString("rvimac")),
        ("rv64gc", .notRV32(width: "64")),
        ("rv128i", .notRV32(width: "128")),
        ("rv32e", .embeddedBase),
        ("rv32", .missingBase(found: "")),
        ("rv32mac", .missingBase(found: "m")),
        ("rv32_zicsr", .missingBase(found: "")),
        ("rv32imq", .unknownLetter("q")),
        ("rv32imv", .unknownLetter("v")),
        ("rv32ib", .unknownLetter("b")),
        ("rv32izba", .unknownLetter("z")),
        ("rv32i_zbkb", .unknownExtension("zbkb")),
        ("rv32i_zba_zfh", .unknownExtension("zfh")),
        ("rv32i_sstc", .unknownExtension("sstc")),
        ("rv32imm", .duplicate("m")),
        ("rv32gm", .duplicate("m")),
        ("rv32gg", .duplicate("g")),
        ("rv32i_zba_zba", .duplicate("zba")),
        ("rv32g_zicsr", .duplicate("zicsr")),
        ("rv32i__zba", .emptyExtension),
        ("rv32i_", .emptyExtension),
        ("rv32imadc", .missingDependency("d", needs: "f")),
        ("rv32i_zba1q0", .unknownExtension("zba1q0")),
    ])
    func refused(_ text: String, _ error: ISAStringError) {
        #expect(throws: error) { try ISASet.parse(text) }
        #expect(ISASet(parsing: text) == nil)
    }

    @Test func messagesSayWhatToDo() {
        #expect(ISAStringError.notRV32(width: "64").description.contains("emu runs RV32 only"))
        #expect(ISAStringError.unknownLetter("b").description.contains("_zba_zbb_zbs"))
        #expect(ISAStringError.unknownExtension("zbkb").description.contains("zbkb"))
        #expect(ISAStringError.duplicate("m").description.contains("twice"))
        #expect(ISAStringError.missingBase(found: "m").description.contains("i (or g)"))
    }

    @Test func allowsFollowsTheSet() throws {
        let set = try ISASet.parse("rv32imc_zbb")
        #expect(set.contains(.zbb) && !set.contains(.zba) && !set.contains(.zbc) && !set.contains(.zbs))
        #expect(set.contains(.m) && !set.contains(.a) && !set.contains(.f))
        #expect(set.contains(.zicsr) && set.contains(.zifencei) && set.contains(.i))
    }
}
