# GNU assembler (x86-64, AT&T syntax): editors must leave this file as `asm`.
#include "asm.h"

	.globl	_start
	.text
_start:
	mov	$1, %rax
	mov	$1, %rdi
	lea	msg(%rip), %rsi
	mov	$len, %rdx
	syscall
	mov	$60, %rax
	xor	%rdi, %rdi
	syscall

	.data
msg:	.ascii	"hello\n"
	len = . - msg
