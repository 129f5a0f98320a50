// jemalloc's options for the command line, which links it on Linux (Package.swift). jemalloc reads this symbol once,
// at the process's first allocation; the environment's MALLOC_CONF, read after it, can still change any of them.
//
// thp:always: jemalloc asks the kernel for transparent huge pages (2 MB) for the memory it maps, where the kernel
// leaves them to madvise (Debian's default). An analysis keeps its findings in memory that jemalloc maps as it goes;
// in pages of 4 KB, the kernel took a fault for each page first written: 20,870 faults for `brief bench --sizes 10
// --analysis-only --runs 1 --jobs 1`, 2,736 with huge pages. The analysis on one thread was 2 to 7 % faster in
// alternating rounds (warm runs in quiet minutes: 18.1 to 18.6 cycles a byte, against 18.6 to 19.1), on two threads
// within the machine's noise; the peak memory of `brief weekly` over 1 GB went from 75 to 97 MB, of `brief dossier
// eg` from 211 to 235 MB. The README's benchmark section has the rounds.
const char *malloc_conf = "thp:always";
