"""What the per-GOARCH tables tell their users."""

import re

import pytest

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.arch.context import BuildContext


def test_every_goarch_has_a_table_from_one_go_release():
    versions = {get_arch(goarch).go_version for goarch in GOARCHES}
    assert len(versions) == 1 and versions.pop().startswith("go1.")


def test_unknown_goarch_is_a_key_error_that_lists_the_known_ones():
    with pytest.raises(KeyError, match="sparc64.*amd64"):
        get_arch("sparc64")


def test_tables_are_loaded_once():
    assert get_arch("amd64") is get_arch("amd64")


@pytest.mark.parametrize(
    ("goarch", "ptr", "align", "stack", "link", "big"),
    [
        ("386", 4, 4, "SP", None, False),
        ("amd64", 8, 8, "SP", None, False),
        ("arm", 4, 4, "R13", "R14", False),
        ("arm64", 8, 8, "RSP", "LR", False),
        ("mips", 4, 4, "R29", "R31", True),
        ("mipsle", 4, 4, "R29", "R31", False),
        ("mips64", 8, 8, "R29", "R31", True),
        ("ppc64", 8, 8, "R1", "LR", True),
        ("ppc64le", 8, 8, "R1", "LR", False),
        ("riscv64", 8, 8, "SP", "RA", False),
        ("s390x", 8, 8, "R15", "LR", True),
        ("loong64", 8, 8, "R3", "R1", False),
        ("wasm", 8, 8, "SP", None, False),
    ],
)
def test_sizes_and_special_registers(goarch, ptr, align, stack, link, big):
    arch = get_arch(goarch)
    assert (arch.ptr_size, arch.int_size, arch.max_align) == (ptr, ptr, align)
    assert (arch.stack_register, arch.link_register, arch.big_endian) == (stack, link, big)
    assert arch.is_register(stack)
    assert link is None or arch.is_register(link)


def test_instruction_suffixes_only_where_parse_reads_them():
    with_suffixes = {goarch for goarch in GOARCHES if get_arch(goarch).instruction_suffixes}
    assert with_suffixes == {"386", "amd64", "arm", "arm64", "loong64", "riscv64"}


def test_amd64_registers_and_their_widths():
    registers = get_arch("amd64").registers
    assert registers["AX"].width == 64 and registers["AL"].width == 8
    assert "AL" in registers["AX"].aliases
    assert (registers["X15"].width, registers["Y0"].width, registers["Z31"].width) == (128, 256, 512)
    assert set(registers["X0"].aliases) == {"Y0", "Z0"}
    assert registers["K7"].kind == "mask"
    assert "R14" in registers["g"].aliases
    assert registers["SB"].kind == registers["FP"].kind == "pseudo"


def test_386_has_no_g_register_and_32_bit_general_registers():
    arch = get_arch("386")
    assert not arch.is_register("g")
    assert arch.registers["AX"].width == 32


def test_arm64_registers():
    arch = get_arch("arm64")
    for name in ("V31", "ZR", "RSP", "R18_PLATFORM", "g", "LR", "NZCV"):
        assert arch.is_register(name), name
    assert not arch.is_register("R18") and not arch.is_register("R28")
    assert "LR" in arch.registers["R30"].aliases
    assert arch.is_register("R(30)") and not arch.is_register("R(31)")
    assert "EQ" in arch.special_operands and not arch.is_register("EQ")


def test_arm_registers():
    arch = get_arch("arm")
    assert all(arch.is_register(f"R{n}") for n in range(16) if n != 10)
    assert arch.is_register("g") and not arch.is_register("R10")
    assert arch.is_register("F(15)") and not arch.is_register("F(16)")


def test_riscv64_numeric_and_abi_names():
    arch = get_arch("riscv64")
    # X4 (TP) and X27 (g) are kept out of reach by the assembler.
    assert {f"X{n}" for n in range(32)} - set(arch.registers) == {"X4", "X27"}
    assert "A0" in arch.registers["X10"].aliases
    assert "SP" in arch.registers["X2"].aliases
    assert arch.is_register("T0") and arch.is_register("FA7") and arch.is_register("g")
    assert not arch.register_prefixes


def test_ppc64_cr_is_a_register_so_cr_n_is_not():
    arch = get_arch("ppc64")
    assert arch.is_register("CR") and arch.is_register("CR3") and arch.is_register("SPR(1024)")
    assert not arch.is_register("CR(3)")


def test_amd64_aliases_and_jumps():
    arch = get_arch("amd64")
    assert {"JZ", "JNZ", "MOVD", "MOVQ", "PADDD", "CALL", "RET", "TEXT", "GLOBL", "DATA"} <= arch.mnemonics
    assert {"JZ", "JMP", "CALL", "LOOP", "XBEGIN"} <= arch.jumps
    assert "MOVQ" not in arch.jumps
    assert "LAST" not in arch.mnemonics and "XXX" not in arch.mnemonics


@pytest.mark.parametrize(
    ("goarch", "jumps", "not_jumps"),
    [
        ("arm", {"B", "BL", "BEQ"}, {"MOVW"}),
        ("arm64", {"B", "BL", "CBZ", "TBNZ"}, {"MOVD"}),
        ("riscv64", {"BEQ", "JAL", "JMP"}, {"ADD"}),
        ("ppc64", {"BR", "BC", "BDNZ"}, {"MOVD"}),
        ("wasm", {"Br", "BrIf", "CALL"}, {"Get"}),
    ],
)
def test_jumps_per_family(goarch, jumps, not_jumps):
    arch = get_arch(goarch)
    assert jumps <= arch.jumps
    assert not (not_jumps & arch.jumps)
    assert not_jumps <= arch.mnemonics


def test_every_jump_is_a_mnemonic():
    for goarch in GOARCHES:
        arch = get_arch(goarch)
        assert arch.jumps and arch.jumps <= arch.mnemonics, goarch


def test_generic_pseudo_instructions_on_every_arch():
    for goarch in GOARCHES:
        assert {"TEXT", "DATA", "GLOBL", "PCDATA", "FUNCDATA", "RET", "NOP", "JMP", "CALL"} <= get_arch(
            goarch
        ).mnemonics


def test_goos_lists_come_from_dist_list():
    assert "windows" in get_arch("arm64").goos and "ios" in get_arch("arm64").goos
    assert get_arch("wasm").goos == ("js", "wasip1")
    assert get_arch("s390x").goos == ("linux",)


@pytest.mark.parametrize(
    ("goos", "goarch", "limit", "race"),
    [
        ("linux", "amd64", 792, 1592),  # CALL pushes the return address
        ("linux", "arm64", 792, 1592),  # room to save FP
        ("linux", "386", 796, 1596),
        ("linux", "riscv64", 800, 1600),  # link register: CALL pushes nothing
        ("openbsd", "amd64", 1592, 2392),  # larger stack guard for syscalls
        ("aix", "ppc64", 1600, 2400),
    ],
)
def test_nosplit_limits(goos, goarch, limit, race):
    ctx = BuildContext(goos, goarch)
    assert (ctx.nosplit_limit(), ctx.nosplit_limit(race=True)) == (limit, race)


def test_ppc64_vsx_registers_overlap_float_and_vector_registers():
    registers = get_arch("ppc64le").registers
    assert registers["F3"].aliases == ("VS3",)
    assert registers["V3"].aliases == ("VS35",)


@pytest.mark.parametrize(
    ("goarch", "registers", "instructions"),
    [
        ("amd64", ("AX", "X0"), ("SYSCALL",)),
        ("arm64", ("R0", "F0"), ("SVC",)),
        ("riscv64", ("X10", "F10"), ("ECALL",)),
        ("386", (), ()),
    ],
)
def test_abiinternal_result_registers_as_vet_knows_them(goarch, registers, instructions):
    arch = get_arch(goarch)
    assert (arch.result_registers, arch.result_writing_instructions) == (registers, instructions)
    assert all(arch.is_register(name) for name in registers)
    assert set(instructions) <= arch.mnemonics


# --- one home for ABI register facts: the compiler's, per GOARCH -------------------


@pytest.mark.parametrize("goarch", GOARCHES)
def test_abiinternal_argument_registers_agree_with_internal_abi(goarch, goroot):
    """internal/abi's IntArgRegs/FloatArgRegs (the runtime's side) against the tables (the compiler's)."""
    arch = get_arch(goarch)
    ints = floats = 0
    for path in sorted((goroot / "src/internal/abi").glob("abi_*.go")):
        text = path.read_text()
        build = re.search(r"^//go:build (.*)$", text, re.M)
        suffix = path.stem.removeprefix("abi_")
        arches = {suffix} if suffix != "ppc64x" else {"ppc64", "ppc64le"}
        tags = set(next(iter(arch.tool_tags.values()))) | {goarch}  # a build line names the arch or an experiment
        built = build is None or all(tag in tags for tag in re.findall(r"[\w.]+", build[1]) if tag not in arches)
        if goarch in arches and built:
            ints = int(re.search(r"IntArgRegs = (\d+)", text)[1])
            floats = int(re.search(r"FloatArgRegs = (\d+)", text)[1])
    assert (len(arch.abi_int_registers), len(arch.abi_float_registers)) == (ints, floats)
    assert arch.register_abi == (ints > 0)


def test_s390x_is_a_register_abi_arch_with_its_own_roles():
    arch = get_arch("s390x")  # the three copies this replaced disagreed here
    assert arch.abi_int_registers == tuple(f"R{n}" for n in range(2, 10))
    assert arch.abi_float_registers == tuple(f"F{n}" for n in range(16))
    assert arch.register_roles["g"] == "current goroutine"
    assert arch.register_roles["R12"] == "closure context pointer"


def test_roles_from_abi_internal_md_and_the_obj_packages():
    amd64 = get_arch("amd64")
    assert amd64.register_roles["R14"] == amd64.register_roles["g"] == "current goroutine"
    assert amd64.register_roles["DX"] == "closure context pointer on entry; scratch otherwise"
    assert amd64.register_roles["X15"] == "zero value at calls and returns; scratch in the function body"
    assert get_arch("arm").register_roles["R11"] == "reserved for the assembler (its temporary)"
    assert "R14" not in get_arch("386").register_roles  # 386 keeps g in TLS, not in a register


def test_vendor_names_and_lanes():
    ax = get_arch("amd64").registers["AX"]
    assert [(v.name, v.bits) for v in ax.vendor] == [("RAX", 64), ("EAX", 32), ("AX", 16), ("AL", 8), ("AH", 8)]
    assert [v.name for v in get_arch("386").registers["AX"].vendor] == ["EAX", "AX", "AL", "AH"]
    assert [v.name for v in get_arch("arm64").registers["R0"].vendor] == ["X0", "W0"]
    assert [v.name for v in get_arch("arm64").registers["g"].vendor] == ["X28", "W28"]
    assert get_arch("riscv64").registers["X10"].vendor[0].note == "ABI name a0"
    assert get_arch("mips").registers["R4"].vendor[0].note == "ABI name a0"
    assert get_arch("mips64").registers["R8"].vendor[0].note == "ABI name a4"  # n64, not o32's t0
    assert get_arch("amd64").registers["Z0"].lanes[0] == "64 × 8-bit (bytes, B)"
    assert "4 × 32-bit (V3.S4)" in get_arch("arm64").registers["V3"].lanes
    assert get_arch("s390x").registers["V1"].lanes[2] == "4 × 32-bit (F)"  # Go's VAF is word elements
