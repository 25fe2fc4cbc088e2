// SYNTAX TEST "source.goasm" "data, immediates, numbers, strings and registers"
DATA ·table<>+0(SB)/8, $0x0123456789abcdef
// <---- keyword.other.directive.goasm
//   ^^^^^^^^ entity.name.variable.goasm
//                     ^ punctuation.definition.immediate.goasm
//                      ^^^^^^^^^^^^^^^^^^ constant.numeric.integer.hexadecimal.goasm
GLOBL ·table<>(SB), RODATA|NOPTR, $8
// <----- keyword.other.directive.goasm
//    ^^^^^^^^ entity.name.variable.goasm
//                  ^^^^^^ constant.language.flag.goasm
DATA msg<>+0(SB)/8, $"hello\n\x00"
//                   ^^^^^^^^^^^^^ string.quoted.double.goasm
//                          ^^ constant.character.escape.goasm
    MOVQ $'a', AX
//        ^^^ string.quoted.single.goasm
    MOVQ $-1, CX
//        ^ keyword.operator.goasm
//         ^ constant.numeric.integer.decimal.goasm
    MOVL $(SIZE<<2), DX
//             ^^ keyword.operator.goasm
    MOVQ $·table<>(SB), SI
//        ^^^^^^^^ variable.other.symbol.goasm
    LEAQ 8(SP), DI
//         ^^ variable.language.pseudo-register.goasm
    MOVQ x-8(SP), R8
//                ^^ variable.other.register.goasm
    VPXOR Y1, Y2, Y15
//        ^^ variable.other.register.goasm
//                ^^^ variable.other.register.goasm
    KMOVQ K1, R11
//        ^^ variable.other.register.goasm
    MOVB R8B, AL
//       ^^^ variable.other.register.goasm
//            ^^ variable.other.register.goasm
    MOVD ZR, (RSP)
//       ^^ variable.other.register.goasm
//            ^^^ variable.other.register.goasm
    MOVD g, R0
//       ^ variable.other.register.goasm
    FMOVD $1.5, F0
//         ^^^ constant.numeric.float.goasm
    MRS TPIDR_EL0, R1
//      ^^^^^^^^^ variable.other.register.goasm
    MOVW $0b1010, R2
//        ^^^^^^ constant.numeric.integer.binary.goasm
    MOVW $0755, R3
//        ^^^^ constant.numeric.integer.octal.goasm
    ADD X10, X11, X12
//      ^^^ variable.other.register.goasm
    JMP done
//      ^^^^ - variable.other.register.goasm keyword.other.instruction.goasm
    MOVQ AXE, BX
//       ^^^ - variable.other.register.goasm
