// SYNTAX TEST "source.goasm" "preprocessor lines, build constraints, comments"
//go:build amd64 && !purego
// <---------- keyword.control.directive.build.goasm
//          ^^^^^^^^^^^^^^^^^ string.unquoted.build-constraint.goasm
// +build amd64
// <-------- keyword.control.directive.build.goasm
#include "textflag.h"
// <-------- keyword.control.directive.include.goasm
//       ^^^^^^^^^^^^ string.quoted.double.include.goasm
#include <go_asm.h>
//       ^^^^^^^^^^ string.quoted.other.lt-gt.include.goasm
#define ROUND(a, b) \
// <------- keyword.control.directive.define.goasm
//      ^^^^^ entity.name.function.preprocessor.goasm
//            ^ variable.parameter.preprocessor.goasm
//               ^ variable.parameter.preprocessor.goasm
//                  ^ constant.character.escape.line-continuation.goasm
    ADDQ a, b; \
//  ^^^^ meta.preprocessor.macro.goasm keyword.other.instruction.goasm
//             ^ meta.preprocessor.macro.goasm constant.character.escape.line-continuation.goasm
    ROLQ $7, b
//  ^^^^ meta.preprocessor.macro.goasm keyword.other.instruction.goasm
    RET
//  ^^^ keyword.other.instruction.goasm - meta.preprocessor.macro.goasm
#define SIZE 64
//      ^^^^ entity.name.function.preprocessor.goasm
//           ^^ constant.numeric.integer.decimal.goasm
#define ZERO_X0 PXOR X0, X0
//              ^^^^ keyword.other.instruction.goasm
//                   ^^ variable.other.register.goasm
#ifdef GOARCH_amd64
// <------ keyword.control.directive.conditional.goasm
//     ^^^^^^^^^^^^ entity.name.function.preprocessor.goasm
#else
// <----- keyword.control.directive.conditional.goasm
#endif
// <------ keyword.control.directive.conditional.goasm
#undef SIZE
// <------ keyword.control.directive.conditional.goasm
    ROUND(AX, BX)
//  ^^^^^ support.function.macro.goasm
//        ^^ variable.other.register.goasm
/* a block comment
   MOVQ AX, BX is not code here */
// <---------------------------------- comment.block.goasm
    MOVQ AX, BX // trailing comment
//              ^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.goasm
//          ^^ - comment
