// Everything is in include/CPrefetch.h (a static inline function); this file only makes
// the directory a C target, which SwiftPM requires to have a source file.
#include "CPrefetch.h"
