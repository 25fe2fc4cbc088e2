" Go assembly: C-style comments, and words that keep ·name (U+00B7) whole,
" so *, gd and completion see the whole symbol (iskeyword stops at 255: the
" U+2215 of math∕big·name cannot be added).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal iskeyword+=183
setlocal noexpandtab

let b:undo_ftplugin = 'setlocal commentstring< comments< iskeyword< expandtab<'
