#ifndef BRIEF_JEMALLOC_SHIM_H
#define BRIEF_JEMALLOC_SHIM_H
// jemalloc as packaged by Debian (libjemalloc-dev): its malloc replaces glibc's in the command line, and the benchmark
// reads its settings through mallctl.
#include <jemalloc/jemalloc.h>
#endif
