"""The two commands the emu RISCOF plugin runs per test, kept apart from the plugin class
so that they can be used (and checked, see scripts/check-riscof) without RISCOF installed."""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = os.path.join(HERE, "env")
GCC = "riscv64-unknown-elf-gcc"


def march_for(isa):
    """The -march string for an ISA name from the test list (e.g. 'RV32IMC'): lower case,
    plus the Z extensions every test needs to assemble its CSR and fence.i code."""
    march = isa.lower()
    for extension in ("zicsr", "zifencei"):
        if extension not in march:
            march += "_" + extension
    return march


def compile_command(source, elf, isa, include_dirs=(), macros=(), gcc=GCC):
    """The compiler command line for one test source."""
    command = [gcc, "-march=" + march_for(isa), "-mabi=ilp32", "-static", "-mcmodel=medany",
               "-fvisibility=hidden", "-nostdlib", "-nostartfiles", "-g",
               "-T", os.path.join(ENV, "link.ld"), "-I", ENV]
    for directory in include_dirs:
        command += ["-I", directory]
    for macro in macros:
        command.append(macro if macro.startswith("-D") else "-D" + macro)
    return command + [source, "-o", elf]


def emu_isa(isa):
    """emu's --isa string for a riscv-config ISA name ('RV32IMACUZicsr_Zifencei_Zba'):
    the single letters emu implements, then the Zb* extensions named; Zicsr and Zifencei
    are always present in emu, and U is a privilege mode, not an --isa letter."""
    name = isa.lower()
    base = re.match(r"rv32([a-y]*)", name)
    letters = "".join(letter for letter in "imafdc" if base and letter in base.group(1))
    extensions = [z for z in ("zba", "zbb", "zbc", "zbs") if re.search(r"(^|_|[a-y])" + z + r"(_|$)", name)]
    return "rv32" + letters + "".join("_" + z for z in extensions)


def run_command(emu, elf, signature, isa=None, max_insns=None):
    """The emu command line that runs one test and writes its signature; `isa` is emu's
    --isa string (see emu_isa)."""
    command = [emu, "test", "--signature", signature]
    if isa:
        command += ["--isa", isa]
    if max_insns:
        command += ["--max-insns", str(max_insns)]
    return command + [elf]
