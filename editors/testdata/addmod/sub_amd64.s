#include "textflag.h"

// func Sub(a, b int64) int64
TEXT ·Sub(SB), NOSPLIT, $0-24
	MOVQ a+0(FP), AX
	SUBQ b+8(FP), AX
	JMP  done
	MOVQ AX, ret+16(FP)
	RET
