"""RISCOF plugin: emu as the device under test (DUT) for riscv-arch-test.

config.ini section (see README.md):
    [emu]
    pluginpath = /path/to/emu-checkout/riscof/emu
    ispec = /path/to/emu-checkout/riscof/emu/emu_isa.yaml
    pspec = /path/to/emu-checkout/riscof/emu/emu_platform.yaml
    PATH = /path/to/emu-checkout/.build/release      (folder holding the emu binary; optional)
    jobs = 2                                          (parallel make jobs; optional)
    target_run = 1                                    (0: only compile; optional)
    timeout = 0                                       (seconds for the whole run, 0: none; optional)
"""
import logging
import os
import shlex
import sys

import riscof.utils as utils
from riscof.pluginTemplate import pluginTemplate

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emu_commands  # noqa: E402  (found beside this file, wherever RISCOF loads it from)

logger = logging.getLogger()


class emu(pluginTemplate):
    __model__ = "emu"
    __version__ = "0.1.0"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        config = kwargs.get("config")
        if config is None:
            logger.error("Config node for emu missing.")
            raise SystemExit(1)
        path = config.get("PATH", "")
        self.emu = os.path.join(path, "emu") if path else "emu"
        self.num_jobs = str(config.get("jobs", 1))
        self.pluginpath = os.path.abspath(config["pluginpath"])
        self.isa_spec = os.path.abspath(config["ispec"])
        self.platform_spec = os.path.abspath(config["pspec"])
        self.target_run = str(config.get("target_run", "1")) != "0"
        # riscof's makeUtil.execute_all kills the whole make after 300 s by default, which
        # cut riscv-arch-test's D suite (673 tests) off after about 140. Each emu run is
        # bounded by its own instruction budget, so by default there is no overall limit.
        seconds = int(config.get("timeout", 0))
        self.timeout = seconds if seconds > 0 else None

    def initialise(self, suite, work_dir, archtest_env):
        self.work_dir = work_dir
        self.suite_dir = suite
        self.archtest_env = archtest_env

    def build(self, isa_yaml, platform_yaml):
        ispec = utils.load_yaml(isa_yaml)["hart0"]
        self.xlen = "64" if 64 in ispec["supported_xlen"] else "32"
        if self.xlen != "32":
            logger.error("emu implements RV32 only")
            raise SystemExit(1)
        self.isa = emu_commands.emu_isa(ispec["ISA"])

    def runTests(self, testList):
        makefile = os.path.join(self.work_dir, "Makefile." + self.name[:-1])
        if os.path.exists(makefile):
            os.remove(makefile)
        make = utils.makeUtil(makefilePath=makefile)
        make.makeCommand = "make -k -j" + self.num_jobs
        for entry in testList.values():
            test_dir = entry["work_dir"]
            elf = os.path.join(test_dir, "my.elf")
            signature = os.path.join(test_dir, self.name[:-1] + ".signature")
            compile_line = emu_commands.compile_command(
                entry["test_path"], elf, entry["isa"], include_dirs=[self.archtest_env],
                macros=entry["macros"])
            steps = ["cd " + shlex.quote(test_dir), " ".join(shlex.quote(a) for a in compile_line)]
            if self.target_run:
                # emu test exits 1 when the test fails; the signature is written either way
                # and RISCOF judges by comparing it, so the status is not the verdict. The
                # run uses the DUT's whole ISA, not the test's: the reference model runs
                # with the whole ISA too (a test of RV32I_Zicsr may still meet compressed
                # code in the environment, and misa must read the same).
                run_line = emu_commands.run_command(self.emu, elf, signature, isa=self.isa)
                steps.append(" ".join(shlex.quote(a) for a in run_line) + " || true")
            make.add_target("; ".join(steps))
        make.execute_all(self.work_dir, timeout=self.timeout)
        if not self.target_run:
            raise SystemExit(0)
