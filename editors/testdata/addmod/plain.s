#include "textflag.h"

// Go assembly by content only: no GOARCH in the file name.
DATA ·table+0(SB)/8, $1
GLOBL ·table(SB), RODATA, $8
