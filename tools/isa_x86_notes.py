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
    "ADJSP": ("Go pseudo-instruction: add a constant to SP and to the assembler's frame-size bookkeeping.",
              ["$imm"], ""),
    "BYTE": ("Go pseudo-instruction: emit one byte of machine code or data in place.", ["$imm8"], ""),
    "WORD": ("Go pseudo-instruction: emit a 2-byte value in place.", ["$imm16"], ""),
    "LONG": ("Go pseudo-instruction: emit a 4-byte value in place.", ["$imm32"], ""),
    "QUAD": ("Go pseudo-instruction: emit an 8-byte value in place.", ["$imm64"], ""),
    "MOVLQZX": ("Zero-extend a 32-bit value into a 64-bit register (assembled as MOVL, which clears the upper half).",
                ["r/m32, r64"], "8B /r"),
    "REP": ("Prefix: repeat the following string instruction RCX times (for CMPS/SCAS: while equal).",
            [""], "F3"),
    "REPN": ("Prefix: repeat the following CMPS/SCAS instruction while not equal, at most RCX times.",
             [""], "F2"),
}

_STRING = "{what} at [RSI] to [RDI] and step both by the operand size (direction flag DF); REP repeats it RCX times."
# One-line summaries keyed by Intel name, for forms whose Intel name `opcodes` lacks.
INTEL_SUMMARIES = {
    **{name: _STRING.format(what="Move the string element") for name in ("MOVSB", "MOVSW", "MOVSD", "MOVSQ")},
    **{name: "Compare the string elements at [RSI] and [RDI], set the flags and step both; REPE/REPNE repeat it."
       for name in ("CMPSB", "CMPSW", "CMPSD", "CMPSQ")},
    **{name: "Store AL/AX/EAX/RAX at [RDI] and step RDI by the operand size; REP repeats it RCX times."
       for name in ("STOSB", "STOSW", "STOSD", "STOSQ")},
    **{name: "Load the string element at [RSI] into AL/AX/EAX/RAX and step RSI by the operand size."
       for name in ("LODSB", "LODSW", "LODSD", "LODSQ")},
    **{name: "Compare AL/AX/EAX/RAX with the element at [RDI], set the flags and step RDI; REPE/REPNE repeat it."
       for name in ("SCASB", "SCASW", "SCASD", "SCASQ")},
    "LOCK": "Prefix: make the following read-modify-write instruction atomic.",
    **{name: "Push the flags register (RFLAGS/EFLAGS/FLAGS) onto the stack."
       for name in ("PUSHF", "PUSHFD", "PUSHFQ")},
    **{name: "Pop the top of the stack into the flags register." for name in ("POPF", "POPFD", "POPFQ")},
    **{name: "Push all eight general registers onto the stack (32-bit mode only)." for name in ("PUSHA", "PUSHAD")},
    **{name: "Pop all eight general registers from the stack (32-bit mode only)." for name in ("POPA", "POPAD")},
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
    "XBEGIN": "Start a restricted transactional memory (RTM) region.",
    "XEND": "Commit a restricted transactional memory (RTM) region.",
    "XABORT": "Abort the current RTM transaction with an 8-bit code.",
    "XTEST": "Set ZF to 0 when executing inside a transaction, else to 1.",
}
