// Command isa_decode names the machine instructions of encoded examples, for
// tools/gen_isa_data.py: each input line is "GOARCH HEX", each output line
// "OP<TAB>LEN<TAB>GNU SYNTAX" for the first instruction of HEX (or "?<TAB>0<TAB>error"),
// read with golang.org/x/arch's decoders. OP is the vendor's base mnemonic, as
// the x/arch tables spell it; LEN is the instruction's size in bytes.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"golang.org/x/arch/arm/armasm"
	"golang.org/x/arch/loong64/loong64asm"
	"golang.org/x/arch/ppc64/ppc64asm"
	"golang.org/x/arch/riscv64/riscv64asm"
	"golang.org/x/arch/s390x/s390xasm"
)

func decode(goarch string, code []byte) (op string, size int, gnu string, err error) {
	switch goarch {
	case "ppc64", "ppc64le":
		order := binary.ByteOrder(binary.BigEndian)
		if goarch == "ppc64le" {
			order = binary.LittleEndian
		}
		inst, err := ppc64asm.Decode(code, order)
		if err != nil {
			return "", 0, "", err
		}
		return inst.Op.String(), inst.Len, ppc64asm.GNUSyntax(inst, 0), nil
	case "s390x":
		inst, err := s390xasm.Decode(code)
		if err != nil {
			return "", 0, "", err
		}
		return inst.Op.String(), inst.Len, s390xasm.GNUSyntax(inst, 0), nil
	case "riscv64":
		inst, err := riscv64asm.Decode(code)
		if err != nil {
			return "", 0, "", err
		}
		return inst.Op.String(), inst.Len, riscv64asm.GNUSyntax(inst), nil
	case "loong64":
		inst, err := loong64asm.Decode(code)
		if err != nil {
			return "", 0, "", err
		}
		return inst.Op.String(), 4, loong64asm.GNUSyntax(inst), nil
	case "arm":
		inst, err := armasm.Decode(code, armasm.ModeARM)
		if err != nil {
			return "", 0, "", err
		}
		return inst.Op.String(), inst.Len, armasm.GNUSyntax(inst), nil
	}
	return "", 0, "", fmt.Errorf("no decoder for %s", goarch)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		goarch, text, _ := strings.Cut(in.Text(), " ")
		code, err := hex.DecodeString(text)
		op, size, gnu := "", 0, ""
		if err == nil {
			op, size, gnu, err = decode(goarch, code)
		}
		if err != nil {
			op, size, gnu = "?", 0, err.Error()
		}
		fmt.Fprintf(out, "%s\t%d\t%s\n", op, size, gnu)
	}
}
