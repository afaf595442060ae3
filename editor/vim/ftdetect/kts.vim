" ktsrun scenarios. Vim's own filetype.vim calls every *.kts a Kotlin script,
" so a file is ours only when it reads like one: a scenario, an include, or a
" library's const, param or template (Kotlin writes 'const val').
function! s:KtsDetect()
  if expand('<afile>') =~# '\.gradle\.kts$'
    return
  endif
  for l:line in getline(1, 60)
    if l:line =~# '^\s*\%(scenario\s\+\h\w*\|include\s\+"\|template\s\+\h\w*\s*{\|const\s\+\h\w*\s*=\|param\s\+\h\w*\s*=\)'
      set filetype=kts
      return
    endif
  endfor
endfunction
autocmd BufRead,BufNewFile *.kts call s:KtsDetect()
