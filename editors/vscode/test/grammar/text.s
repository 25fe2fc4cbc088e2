// SYNTAX TEST "source.goasm" "TEXT lines, arguments off FP, instructions"
// (indented with spaces so the assertion carets line up; tabs tokenize the same)
TEXT ·Add(SB), NOSPLIT, $0-24
// <---- keyword.other.directive.goasm
//   ^^^^ entity.name.function.goasm
//        ^^ variable.language.pseudo-register.goasm
//             ^^^^^^^ constant.language.flag.goasm
//                      ^ punctuation.definition.immediate.goasm
//                       ^ constant.numeric.integer.decimal.goasm
//                        ^ keyword.operator.goasm
//                         ^^ constant.numeric.integer.decimal.goasm
    MOVQ a+0(FP), AX
//  ^^^^ keyword.other.instruction.goasm
//       ^ variable.parameter.goasm
//        ^ keyword.operator.goasm
//         ^ constant.numeric.integer.decimal.goasm
//           ^^ variable.language.pseudo-register.goasm
//                ^^ variable.other.register.goasm
    ADDQ b_len+8(FP), AX
//       ^^^^^ variable.parameter.goasm
    MOVQ AX, ret+16(FP)
//           ^^^ variable.parameter.goasm
    RET
//  ^^^ keyword.other.instruction.goasm
TEXT runtime·memmove<ABIInternal>(SB), NOSPLIT|NOFRAME, $0-24
//   ^^^^^^^^^^^^^^^ entity.name.function.goasm
//                  ^^^^^^^^^^^^^ storage.modifier.abi.goasm
//                                            ^ keyword.operator.goasm
//                                             ^^^^^^^ constant.language.flag.goasm
TEXT math∕big·addVV(SB), NOSPLIT, $0
//   ^^^^^^^^^^^^^^ entity.name.function.goasm
    CALL ·helper(SB)
//  ^^^^ keyword.other.instruction.goasm
//       ^^^^^^^ variable.other.symbol.goasm
    JMP runtime·morestack_noctxt<ABIInternal>(SB)
//      ^^^^^^^^^^^^^^^^^^^^^^^^ variable.other.symbol.goasm
//                              ^^^^^^^^^^^^^ storage.modifier.abi.goasm
    CALL _rt0_amd64(SB)
//       ^^^^^^^^^^ variable.other.symbol.goasm
TEXT ·sum(SB), NOSPLIT, $0-32
loop:
// <---- entity.name.label.goasm
//  ^ punctuation.separator.label.goasm
    DECQ CX; JNZ loop
//  ^^^^ keyword.other.instruction.goasm
//         ^ punctuation.terminator.statement.goasm
//           ^^^ keyword.other.instruction.goasm
//               ^^^^ - keyword.other.instruction.goasm
done: MOVW.P R1, 4(R2)
// <---- entity.name.label.goasm
//    ^^^^^^ keyword.other.instruction.goasm
//           ^^ variable.other.register.goasm
//               ^ constant.numeric.integer.decimal.goasm
//                 ^^ variable.other.register.goasm
    VMOV V1.B16, V2.B16
//       ^^^^^^ variable.other.register.goasm
    RET
