#ifndef BRIEF_CMARK_SHIM_H
#define BRIEF_CMARK_SHIM_H
// libcmark 0.30.2 as packaged by Debian (libcmark-dev). Only the public API of cmark.h is used.
#include <cmark.h>
#endif
