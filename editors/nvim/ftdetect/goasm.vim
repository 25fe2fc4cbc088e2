" Go assembly (the .s files `go tool asm` assembles) gets the filetype goasm;
" GNU assembly keeps asm. Both use .s, so the content decides, with the markers
" asm-ls's VS Code extension uses: a TEXT/GLOBL/DATA of an (SB) or ·symbol, or
" one of the headers the Go toolchain provides. Works in Neovim 0.7 and later
" (and Vim). Runs after the built-in detection, so it overrides `asm`.
autocmd BufNewFile,BufRead *.s if s:IsGoAssembly() | set filetype=goasm | endif

function! s:IsGoAssembly() abort
  for l:line in getline(1, 400)
    if l:line =~# '^\s*\%(TEXT\|GLOBL\|DATA\)\s.*\%((SB)\|\%u00b7\)'
          \ || l:line =~# '^\s*#\s*include\s\+["<]\%(textflag\|go_asm\|funcdata\|go_tls\|asm_amd64\|asm_ppc64x\)\.h[">]'
      return 1
    endif
  endfor
  return 0
endfunction
