// A software prefetch for Swift, which has no intrinsic for it: a hint that the cache
// line at `address` will be read soon. Unlike a load it never waits for the line (nor
// faults on a bad address), so a loop can ask for the memory of a few iterations ahead
// while it works on the current one. Inlined into the Swift caller (a static inline
// function in a header is imported as such).
#ifndef GENRECO_CPREFETCH_H
#define GENRECO_CPREFETCH_H

static inline __attribute__((always_inline)) void genreco_prefetch(const void *address) {
    // Read access (0), keep in all cache levels (3).
    __builtin_prefetch(address, 0, 3);
}

#endif
