" Vim syntax file for ktsrun scenarios (.kts); doc/language.md is the language.
" The word lists are the lexer's keyword table (grammar/lex_kw.c) and the
" name tables of interp/bc_tables.h: tests/unit/test_editor.c fails when
" they differ, so add a word there and here together.
if exists("b:current_syntax")
  finish
endif

" The lexer reads a dotted name (cpu.max, a.max_gap) as one word.
syn iskeyword @,48-57,_,.

syn keyword ktsTodo contained TODO FIXME XXX NOTE
syn match ktsComment "#.*$" contains=ktsTodo,@Spell

syn match ktsEscape contained +\\[nt"\\]+
syn match ktsBadEscape contained +\\[^nt"\\]+
syn region ktsString start=+"+ skip=+\\.+ end=+"+ end=+$+ oneline contains=ktsEscape,ktsBadEscape
" A raw string in backquotes spans lines as written (an rt-app description).
syn region ktsString start=+`+ end=+`+

" A number may carry a unit (12s, 512M, 25%); a topology is one (2n4l2c2t).
syn match ktsNumber "\<\d\+\%(\.\d\+\)\=\%([A-Za-z%][A-Za-z0-9%]*\)\="

syn keyword ktsKeyword add affinity and at backdrop between cgroup check clean clear_cpuset comm
syn keyword ktsKeyword const cpu.max cpu.weight cpuset duration every expect fails finite for
syn keyword ktsKeyword freeze from gauntlet in include is least matching memory.high memory.low
syn keyword ktsKeyword memory.max mems metric monitor most move near nice of param per pids.max policy
syn keyword ktsKeyword read remove requires scenario scheduler set settle sigcont sigstop
syn keyword ktsKeyword snapshot spawn step stop swap_cpusets sysctl tags template to topology
syn keyword ktsKeyword unfreeze wait watchdog within work workers write

" Work types (BC_WORKS).
syn keyword ktsWork spin yield mixed bursty idle_churn io_sync pipe_io futex_pingpong
syn keyword ktsWork futex_fanout cache_pressure cache_yield cache_pipe fork_exit nice_sweep
syn keyword ktsWork affinity_churn policy_churn cgroup_churn wake_chain thundering_herd
syn keyword ktsWork mutex_contention page_fault_churn sequence exec epoll_storm priority_inversion
syn keyword ktsWork preempt_storm rt_starvation fan_out_compute

" Topology facts of `requires` (BC_TOPOS).
syn keyword ktsFact cpus nodes llcs cores threads_per_core smt llcs_per_node cores_per_llc
syn keyword ktsFact memory

" Metrics (BC_METRICS) and monitor findings (BC_MONS) after the dot of a
" cgroup, all or monitor.
syn match ktsMetric "\.\zs\%(work_units\|iterations\|cpu_time\|wall_time\|max_gap\|p50_wake_latency\|p90_wake_latency\|p99_wake_latency\)\>"
syn match ktsMetric "\.\zs\%(max_wake_latency\|cpus_used\|migrations\|voluntary_switches\|involuntary_switches\|workers\|fairness_spread\|cpuset_violations\)\>"
syn match ktsMetric "\.\zs\%(stalls\|max_rq_len\|max_dsq_depth\|max_runnable_wait\|idle_while_runnable\|scx_exits\|samples\|imbalance\)\>"

syn match ktsOperator "[-+*/=<>!]=\="

hi def link ktsTodo Todo
hi def link ktsComment Comment
hi def link ktsString String
hi def link ktsEscape SpecialChar
hi def link ktsBadEscape Error
hi def link ktsNumber Number
hi def link ktsKeyword Keyword
hi def link ktsWork Type
hi def link ktsFact Constant
hi def link ktsMetric Identifier
hi def link ktsOperator Operator

let b:current_syntax = "kts"
