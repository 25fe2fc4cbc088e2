"""x86 knowledge written for this project, where the permissive sources are silent.

`opcodes` has no summary for string, flag, prefix, BCD and most x87
instructions, and no source describes Go's own pseudo-instructions. These
one-liners are our own words (checked against `go tool asm -S` output where
the behaviour is Go's).
"""

from __future__ import annotations

# Go syntax notes appended to a summary, keyed by Intel name.
GO_NOTES = {
    "CMP": "Go keeps Intel's operand order for CMP: `CMPQ AX, BX` compares AX with BX.",
    "LEA": "The source operand is an address expression; nothing is loaded from memory.",
}

# Go mnemonics for which no table has forms: (summary, Go operand forms, encoding).
HANDWRITTEN = {
    "ADJSP": (
        "Go pseudo-instruction: add a constant to SP and to the assembler's frame-size bookkeeping.",
        ["$imm"],
        "",
    ),
    "BYTE": ("Go pseudo-instruction: emit one byte of machine code or data in place.", ["$imm8"], ""),
    "WORD": ("Go pseudo-instruction: emit a 2-byte value in place.", ["$imm16"], ""),
    "LONG": ("Go pseudo-instruction: emit a 4-byte value in place.", ["$imm32"], ""),
    "QUAD": ("Go pseudo-instruction: emit an 8-byte value in place.", ["$imm64"], ""),
    "MOVLQZX": (
        "Zero-extend a 32-bit value into a 64-bit register (assembled as MOVL, which clears the upper half).",
        ["r/m32, r64"],
        "8B /r",
    ),
    "REP": ("Prefix: repeat the following string instruction RCX times (for CMPS/SCAS: while equal).", [""], "F3"),
    "REPN": ("Prefix: repeat the following CMPS/SCAS instruction while not equal, at most RCX times.", [""], "F2"),
}

_STRING = "{what} at [RSI] to [RDI] and step both by the operand size (direction flag DF); REP repeats it RCX times."
# One-line summaries keyed by Intel name, for forms whose Intel name `opcodes` lacks.
INTEL_SUMMARIES = {
    **{name: _STRING.format(what="Move the string element") for name in ("MOVSB", "MOVSW", "MOVSD", "MOVSQ")},
    **dict.fromkeys(
        ("CMPSB", "CMPSW", "CMPSD", "CMPSQ"),
        "Compare the string elements at [RSI] and [RDI], set the flags and step both; REPE/REPNE repeat it.",
    ),
    **dict.fromkeys(
        ("STOSB", "STOSW", "STOSD", "STOSQ"),
        "Store AL/AX/EAX/RAX at [RDI] and step RDI by the operand size; REP repeats it RCX times.",
    ),
    **dict.fromkeys(
        ("LODSB", "LODSW", "LODSD", "LODSQ"),
        "Load the string element at [RSI] into AL/AX/EAX/RAX and step RSI by the operand size.",
    ),
    **dict.fromkeys(
        ("SCASB", "SCASW", "SCASD", "SCASQ"),
        "Compare AL/AX/EAX/RAX with the element at [RDI], set the flags and step RDI; REPE/REPNE repeat it.",
    ),
    "LOCK": "Prefix: make the following read-modify-write instruction atomic.",
    **dict.fromkeys(("PUSHF", "PUSHFD", "PUSHFQ"), "Push the flags register (RFLAGS/EFLAGS/FLAGS) onto the stack."),
    **dict.fromkeys(("POPF", "POPFD", "POPFQ"), "Pop the top of the stack into the flags register."),
    **dict.fromkeys(("PUSHA", "PUSHAD"), "Push all eight general registers onto the stack (32-bit mode only)."),
    **dict.fromkeys(("POPA", "POPAD"), "Pop all eight general registers from the stack (32-bit mode only)."),
    "LAHF": "Load the SF, ZF, AF, PF and CF flags into AH.",
    "SAHF": "Store AH into the SF, ZF, AF, PF and CF flags.",
    "CLI": "Clear the interrupt flag (privileged).",
    "STI": "Set the interrupt flag (privileged).",
    "HLT": "Halt the processor until the next interrupt (privileged).",
    "LEAVE": "Release the stack frame: copy RBP to RSP, then pop RBP.",
    "ENTER": "Make a stack frame: push RBP, set RBP to RSP and reserve space.",
    "LOOP": "Decrement RCX and jump if it is not zero.",
    "LOOPE": "Decrement RCX and jump if it is not zero and ZF is set.",
    "LOOPNE": "Decrement RCX and jump if it is not zero and ZF is clear.",
    "WAIT": "Wait until pending unmasked x87 exceptions are handled.",
    "RDMSR": "Read the model-specific register selected by ECX into EDX:EAX (privileged).",
    "WRMSR": "Write EDX:EAX to the model-specific register selected by ECX (privileged).",
    "RDPMC": "Read the performance-monitoring counter selected by ECX into EDX:EAX.",
    "XGETBV": "Read the extended control register selected by ECX into EDX:EAX.",
    "XSETBV": "Write EDX:EAX to the extended control register selected by ECX (privileged).",
    "FLD": "x87: push a floating-point value from memory or ST(i) onto the register stack.",
    "FILD": "x87: convert an integer in memory to floating point and push it.",
    "FBLD": "x87: convert an 80-bit packed BCD value in memory and push it.",
    "FST": "x87: store ST(0) to memory or ST(i).",
    "FSTP": "x87: store ST(0) to memory or ST(i), then pop.",
    "FIST": "x87: store ST(0) to memory as an integer, rounding by the control word.",
    "FISTP": "x87: store ST(0) to memory as an integer, then pop.",
    "FBSTP": "x87: store ST(0) to memory as 80-bit packed BCD, then pop.",
    "FXCH": "x87: exchange ST(0) and ST(i).",
    "FADD": "x87: add.",
    "FIADD": "x87: add an integer from memory to ST(0).",
    "FSUB": "x87: subtract.",
    "FISUB": "x87: subtract an integer in memory from ST(0).",
    "FSUBR": "x87: reverse subtract (source minus destination).",
    "FISUBR": "x87: subtract ST(0) from an integer in memory.",
    "FSUBRP": "x87: reverse subtract into ST(i), then pop.",
    "FMUL": "x87: multiply.",
    "FIMUL": "x87: multiply ST(0) by an integer in memory.",
    "FDIV": "x87: divide.",
    "FIDIV": "x87: divide ST(0) by an integer in memory.",
    "FDIVR": "x87: reverse divide (source divided by destination).",
    "FIDIVR": "x87: divide an integer in memory by ST(0).",
    "FDIVRP": "x87: reverse divide into ST(i), then pop.",
    "FCOM": "x87: compare ST(0) with a value and set the condition codes.",
    "FCOMP": "x87: compare ST(0) with a value, set the condition codes and pop.",
    "FCOMPP": "x87: compare ST(0) with ST(1), set the condition codes and pop twice.",
    "FICOM": "x87: compare ST(0) with an integer in memory.",
    "FICOMP": "x87: compare ST(0) with an integer in memory, then pop.",
    "FUCOM": "x87: unordered compare of ST(0) with ST(i).",
    "FUCOMP": "x87: unordered compare of ST(0) with ST(i), then pop.",
    "FUCOMPP": "x87: unordered compare of ST(0) with ST(1), then pop twice.",
    **dict.fromkeys(
        ("FCMOVB", "FCMOVBE", "FCMOVE", "FCMOVNB", "FCMOVNBE", "FCMOVNE", "FCMOVNU", "FCMOVU"),
        "x87: copy ST(i) to ST(0) if the flag condition holds.",
    ),
    "FFREE": "x87: mark ST(i) as empty.",
    "FLDENV": "x87: load the FPU environment from memory.",
    "FNSTENV": "x87: store the FPU environment to memory.",
    "FRSTOR": "x87: restore the whole FPU state from memory.",
    "FNSAVE": "x87: save the whole FPU state to memory and reinitialize the FPU.",
    "FNCLEX": "x87: clear the exception flags.",
    "FCLEX": "x87: clear the exception flags after checking for pending exceptions.",
    "FNINIT": "x87: initialize the FPU.",
    "FDECSTP": "x87: decrement the register-stack top pointer.",
    "FINCSTP": "x87: increment the register-stack top pointer.",
    "FABS": "x87: replace ST(0) with its absolute value.",
    "FCHS": "x87: negate ST(0).",
    "FLD1": "x87: push +1.0 onto the register stack.",
    "FLDZ": "x87: push +0.0 onto the register stack.",
    "FLDPI": "x87: push pi onto the register stack.",
    "FLDL2E": "x87: push log2(e) onto the register stack.",
    "FLDL2T": "x87: push log2(10) onto the register stack.",
    "FLDLG2": "x87: push log10(2) onto the register stack.",
    "FLDLN2": "x87: push ln(2) onto the register stack.",
    "FLDCW": "x87: load the control word (rounding and precision control, exception masks) from memory.",
    "FSTCW": "x87: store the control word to memory.",
    "FNSTCW": "x87: store the control word to memory without checking for pending exceptions.",
    "FSTSW": "x87: store the status word to memory or AX.",
    "FNSTSW": "x87: store the status word without checking for pending exceptions.",
    "FRNDINT": "x87: round ST(0) to an integer using the current rounding mode.",
    "FSQRT": "x87: replace ST(0) with its square root.",
    "FTST": "x87: compare ST(0) with 0.0 and set the condition codes.",
    "FXAM": "x87: classify the value in ST(0) in the condition codes.",
    "FUCOMI": "x87: unordered compare of ST(0) with ST(i), setting ZF, PF and CF.",
    "FUCOMIP": "x87: unordered compare of ST(0) with ST(i), set ZF, PF and CF, then pop.",
    "FCOMI": "x87: compare ST(0) with ST(i), setting ZF, PF and CF.",
    "FCOMIP": "x87: compare ST(0) with ST(i), set ZF, PF and CF, then pop.",
    "FADDP": "x87: add ST(0) to ST(i), store in ST(i) and pop.",
    "FSUBP": "x87: subtract ST(0) from ST(i), store in ST(i) and pop.",
    "FMULP": "x87: multiply ST(i) by ST(0), store in ST(i) and pop.",
    "FDIVP": "x87: divide ST(i) by ST(0), store in ST(i) and pop.",
    "FINIT": "x87: initialize the FPU after checking for pending exceptions.",
    "FNOP": "x87: no operation.",
    "FSIN": "x87: replace ST(0) with its sine.",
    "FCOS": "x87: replace ST(0) with its cosine.",
    "FSINCOS": "x87: compute the sine and cosine of ST(0).",
    "FPTAN": "x87: partial tangent of ST(0).",
    "FPATAN": "x87: partial arctangent of ST(1)/ST(0).",
    "F2XM1": "x87: compute 2^ST(0) - 1.",
    "FYL2X": "x87: compute ST(1) * log2(ST(0)) and pop.",
    "FYL2XP1": "x87: compute ST(1) * log2(ST(0) + 1.0) and pop.",
    "FSCALE": "x87: scale ST(0) by 2 to the power of ST(1) truncated.",
    "FPREM": "x87: partial remainder of ST(0) / ST(1), truncating.",
    "FPREM1": "x87: IEEE partial remainder of ST(0) / ST(1).",
    "FXTRACT": "x87: split ST(0) into exponent and significand.",
    "FXSAVE": "Save the x87, MMX and SSE state to a 512-byte memory area.",
    "FXSAVE64": "Save the x87, MMX and SSE state to a 512-byte memory area (64-bit layout).",
    "FXRSTOR": "Restore the x87, MMX and SSE state from a 512-byte memory area.",
    "FXRSTOR64": "Restore the x87, MMX and SSE state from a 512-byte memory area (64-bit layout).",
    "SYSCALL": "Fast system call to the operating system kernel.",
    "SYSENTER": "Fast system call (32-bit legacy entry).",
    "SYSRET": "Return from a fast system call (privileged).",
    "SWAPGS": "Swap the GS base with the IA32_KERNEL_GS_BASE MSR (privileged).",
    "UD1": "Raise an invalid-opcode exception (undefined instruction with operands).",
    **dict.fromkeys(
        ("AAA", "AAD", "AAM", "AAS", "DAA", "DAS"), "Adjust the result of BCD arithmetic (32-bit mode only)."
    ),
    "IN": "Input from the I/O port in DX or an immediate into AL/AX/EAX (privileged by IOPL).",
    "OUT": "Output AL/AX/EAX to the I/O port in DX or an immediate (privileged by IOPL).",
    **dict.fromkeys(("INSB", "INSW", "INSD"), "Input a string element from the I/O port in DX to [RDI]."),
    **dict.fromkeys(("OUTSB", "OUTSW", "OUTSD"), "Output the string element at [RSI] to the I/O port in DX."),
    **dict.fromkeys(("IRET", "IRETD", "IRETQ"), "Return from an interrupt handler (privileged state restore)."),
    "RET_FAR": "Far return: pop the instruction pointer and the code segment.",
    "CLAC": "Clear the AC flag: re-enable supervisor-mode access prevention (privileged).",
    "STAC": "Set the AC flag: allow supervisor access to user pages (privileged).",
    "RDPKRU": "Read the protection-key rights register PKRU into EAX.",
    "WRPKRU": "Write EAX to the protection-key rights register PKRU.",
    "WBINVD": "Write back and invalidate all caches (privileged).",
    "INVD": "Invalidate all caches without writing back (privileged).",
    "INVLPG": "Invalidate the TLB entry of a page (privileged).",
    **dict.fromkeys(
        ("XSAVE", "XSAVE64", "XSAVEC", "XSAVEC64", "XSAVEOPT", "XSAVEOPT64", "XSAVES", "XSAVES64"),
        "Save processor extended states (x87, SSE, AVX...) selected by EDX:EAX to memory.",
    ),
    **dict.fromkeys(
        ("XRSTOR", "XRSTOR64", "XRSTORS", "XRSTORS64"),
        "Restore processor extended states selected by EDX:EAX from memory.",
    ),
    "XBEGIN": "Start a restricted transactional memory (RTM) region.",
    "XEND": "Commit a restricted transactional memory (RTM) region.",
    "XABORT": "Abort the current RTM transaction with an 8-bit code.",
    "XTEST": "Set ZF to 0 when executing inside a transaction, else to 1.",
}

_SHIFT_DOUBLE = (
    "Concatenate each {w}-bit lane of the two sources and shift {dir} by {by}, keeping the {half} half (VBMI2)"
)
_GF = "GFNI; VEX/EVEX forms need AVX or AVX512F"
# Go mnemonics of extensions neither permissive table describes: (summary, CPU feature).
# Forms come from the assembler's own test data (cmd/asm/internal/asm/testdata).
EXTENSIONS = {
    "VGF2P8AFFINEQB": (
        "Affine transformation in GF(2^8): multiply each byte, as a bit vector, by an 8x8 bit matrix from the "
        "first source's qword and XOR an immediate",
        "GFNI",
    ),
    "VGF2P8AFFINEINVQB": (
        "Affine transformation in GF(2^8) of each byte's multiplicative inverse (the AES S-box step when the "
        "matrix and immediate are AES's)",
        "GFNI",
    ),
    "VGF2P8MULB": ("Multiply bytes in GF(2^8), reduced by the AES polynomial x^8+x^4+x^3+x+1", "GFNI"),
    "VPOPCNTB": ("Count the one bits of each byte (BITALG)", "AVX512_BITALG"),
    "VPOPCNTW": ("Count the one bits of each word (BITALG)", "AVX512_BITALG"),
    "VPSHUFBITQMB": (
        "Gather bits: each mask bit is the bit of the first source's qword that a byte of the second selects (BITALG)",
        "AVX512_BITALG",
    ),
    "VPCOMPRESSB": ("Store the bytes selected by the mask contiguously (VBMI2)", "AVX512_VBMI2"),
    "VPCOMPRESSW": ("Store the words selected by the mask contiguously (VBMI2)", "AVX512_VBMI2"),
    "VPEXPANDB": ("Load contiguous bytes into the lanes selected by the mask (VBMI2)", "AVX512_VBMI2"),
    "VPEXPANDW": ("Load contiguous words into the lanes selected by the mask (VBMI2)", "AVX512_VBMI2"),
    **{
        f"VPSH{d}D{v}{s}": (
            _SHIFT_DOUBLE.format(
                w={"W": 16, "D": 32, "Q": 64}[s],
                dir="left" if d == "L" else "right",
                by="an immediate" if not v else "the count in each lane of the third source",
                half="upper" if d == "L" else "lower",
            ),
            "AVX512_VBMI2",
        )
        for d in ("L", "R")
        for v in ("", "V")
        for s in ("W", "D", "Q")
    },
    "VPDPBUSD": (
        "Multiply unsigned bytes of the first source by signed bytes of the second, sum each four products "
        "and add the sum to the dword lane (VNNI)",
        "AVX512_VNNI",
    ),
    "VPDPBUSDS": ("As VPDPBUSD, with signed saturation of the dword sum (VNNI)", "AVX512_VNNI"),
    "VPDPWSSD": (
        "Multiply signed words in pairs, add both products to the dword lane (VNNI)",
        "AVX512_VNNI",
    ),
    "VPDPWSSDS": ("As VPDPWSSD, with signed saturation of the dword sum (VNNI)", "AVX512_VNNI"),
    "VP4DPWSSD": ("Four iterations of VPDPWSSD over a block of four registers (4VNNIW, Xeon Phi)", "AVX512_4VNNIW"),
    "VP4DPWSSDS": ("Four iterations of VPDPWSSDS over a block of four registers (4VNNIW, Xeon Phi)", "AVX512_4VNNIW"),
    "V4FMADDPS": (
        "Four packed single-precision fused multiply-adds over a block of four registers (4FMAPS)",
        "AVX512_4FMAPS",
    ),
    "V4FMADDSS": (
        "Four scalar single-precision fused multiply-adds over a block of four registers (4FMAPS)",
        "AVX512_4FMAPS",
    ),
    "V4FNMADDPS": ("Four packed single-precision negated fused multiply-adds (4FMAPS)", "AVX512_4FMAPS"),
    "V4FNMADDSS": ("Four scalar single-precision negated fused multiply-adds (4FMAPS)", "AVX512_4FMAPS"),
    "ENDBR64": ("Mark a valid target of an indirect branch in 64-bit mode (CET); a NOP elsewhere", "CET_IBT"),
    "RDFSBASEL": ("Read the FS segment base into a 32-bit register", "FSGSBASE"),
    "RDFSBASEQ": ("Read the FS segment base into a 64-bit register", "FSGSBASE"),
    "RDGSBASEL": ("Read the GS segment base into a 32-bit register", "FSGSBASE"),
    "RDGSBASEQ": ("Read the GS segment base into a 64-bit register", "FSGSBASE"),
    "WRFSBASEL": ("Write the FS segment base from a 32-bit register", "FSGSBASE"),
    "WRFSBASEQ": ("Write the FS segment base from a 64-bit register", "FSGSBASE"),
    "WRGSBASEL": ("Write the GS segment base from a 32-bit register", "FSGSBASE"),
    "WRGSBASEQ": ("Write the GS segment base from a 64-bit register", "FSGSBASE"),
    "RDPID": ("Read the processor ID (IA32_TSC_AUX) into a register", "RDPID"),
    "CLDEMOTE": ("Hint to move a cache line from the core's cache to a more distant level", "CLDEMOTE"),
    "TPAUSE": ("Pause in a low-power state until a TSC deadline (EDX:EAX) or an event", "WAITPKG"),
    "UMWAIT": ("Wait in a low-power state for a write to the UMONITOR range or a TSC deadline", "WAITPKG"),
    "UMONITOR": ("Arm address monitoring of a range, for UMWAIT", "WAITPKG"),
    "IMUL3W": ("Signed multiply a 16-bit register or memory operand by an immediate, into a register", ""),
    "IMUL3L": ("Signed multiply a 32-bit register or memory operand by an immediate, into a register", ""),
    "JCXZW": ("Jump if CX is zero", ""),
    "MOVQL": ("Move the low 32 bits of a 64-bit register (MOVL), zero-extending", ""),
    "SLDTL": ("Store the local descriptor table register's selector (privileged use)", ""),
    "SLDTQ": ("Store the local descriptor table register's selector (privileged use)", ""),
    "SMSWL": ("Store the machine status word (the low bits of CR0)", ""),
    "SMSWQ": ("Store the machine status word (the low bits of CR0)", ""),
    "STRL": ("Store the task register's selector", ""),
    "STRQ": ("Store the task register's selector", ""),
    "SYSENTER64": ("Fast system call into 64-bit kernel code (SYSENTER with REX.W)", ""),
    "SYSEXIT64": ("Fast return from a system call to 64-bit user code (SYSEXIT with REX.W)", ""),
}
