" Go assembly highlighting: the same classes as the VS Code grammar
" (editors/vscode/syntaxes/goasm.tmLanguage.json), for Neovim and Vim.
if exists('b:current_syntax')
  finish
endif

syn case match
syn iskeyword @,48-57,_,183

syn match goasmMnemonic   /^\s*\zs[A-Z][A-Z0-9]*\%(\.[A-Z0-9]\+\)*\>/
syn match goasmMnemonic   /;\s*\zs[A-Z][A-Z0-9]*\%(\.[A-Z0-9]\+\)*\>/
syn match goasmLabel      /^\s*\k\+:/
syn match goasmMacroCall  /^\s*\zs\k\+\ze(/
syn keyword goasmDirective TEXT DATA GLOBL FUNCDATA PCDATA PCALIGN
syn match goasmSymbol     /\%(\k*\%u00b7\k\+\|\k\+<>\|\k\+\ze\%(<\w\+>\)\=\%([+-]\d\+\)\=(SB)\)/
syn match goasmParameter  /\<\k\+\ze+\d\+(FP)/
syn keyword goasmPseudoRegister FP SP SB PC
syn keyword goasmFlag NOPROF DUPOK NOSPLIT RODATA NOPTR WRAPPER NEEDCTXT TLSBSS NOFRAME REFLECTMETHOD TOPFRAME ABIWRAPPER
syn match goasmRegister   /\<\%(R\|F\|V\|X\|Y\|Z\|K\|M\|A\|S\|T\|W\|FA\|FS\|FT\|VS\|CR\|DR\|TR\|FCC\|FCR\|FCSR\)\d\{1,2}\%([BLW]\|EQ\|GT\|LT\|SO\)\=\>/
syn keyword goasmRegister AX BX CX DX SI DI BP AL BL CL DL AH BH CH DH SIB DIB BPB SPB CS DS ES FS GS SS
syn keyword goasmRegister GDTR IDTR LDTR MSW TASK TLS RSP ZR ZERO LR CTR XER FPSCR MSR CPSR SPSR FPCR FPSR NZCV DAIF HI LO RA GP TP TMP CTXT g
syn match goasmABI        /<ABI\w*>/
syn match goasmNumber     /\<\%(0[xX]\x\+\|0[bB][01]\+\|\d\+\%(\.\d*\)\=\)\>/
syn match goasmImmediate  /\$/
syn region goasmString    start=/"/ skip=/\\./ end=/"/ oneline
syn match goasmChar       /'\%(\\.\|[^'\\]\)'/
syn region goasmInclude   start=/^\s*#\s*include\>/ end=/$/ contains=goasmString
syn region goasmPreProc   start=/^\s*#\s*\%(define\|undef\|ifdef\|ifndef\|else\|endif\|line\)\>/ skip=/\\$/ end=/$/ contains=goasmComment,goasmBlockComment,goasmMnemonic
syn match goasmBuild      /^\/\/\%(go:build\|\s*+build\)\>.*/
syn keyword goasmTodo     TODO FIXME XXX contained
syn match goasmComment    /\/\/.*/ contains=goasmTodo
syn region goasmBlockComment start=/\/\*/ end=/\*\// contains=goasmTodo

hi def link goasmMnemonic       Statement
hi def link goasmLabel          Label
hi def link goasmMacroCall      Macro
hi def link goasmDirective      Keyword
hi def link goasmSymbol         Function
hi def link goasmParameter      Identifier
hi def link goasmPseudoRegister Special
hi def link goasmFlag           Constant
hi def link goasmRegister       Type
hi def link goasmABI            StorageClass
hi def link goasmNumber         Number
hi def link goasmImmediate      Operator
hi def link goasmString         String
hi def link goasmChar           Character
hi def link goasmInclude        Include
hi def link goasmPreProc        PreProc
hi def link goasmBuild          PreProc
hi def link goasmTodo           Todo
hi def link goasmComment        Comment
hi def link goasmBlockComment   Comment

let b:current_syntax = 'goasm'
