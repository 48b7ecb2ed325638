// A build for x86-64-v3 would die of SIGILL somewhere in the first event on an older CPU
// (an MPI rank on an old node of a mixed cluster, say), with no word of why. This check
// runs before any Swift code, as a constructor, and says what to do instead.
#include "CHostCPU.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *genreco_build_instruction_set(void) {
#ifdef GENRECO_X86_64_V3
    return "x86-64-v3";
#else
    return "portable";
#endif
}

int genreco_cpu_can_run_build(void) {
#ifdef GENRECO_X86_64_V3
    const char *pretend = getenv("GENRECO_PRETEND_OLD_CPU");
    if (pretend && strcmp(pretend, "1") == 0) return 0;
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v3") ? 1 : 0;
#else
    return 1;
#endif
}

__attribute__((constructor)) static void genreco_refuse_unsupported_cpu(void) {
    if (genreco_cpu_can_run_build()) return;
    char host[256] = "this host";
    gethostname(host, sizeof host - 1);
    fprintf(stderr,
            "genreco: error: this binary was built for x86-64-v3 (AVX2, FMA, BMI2), which the CPU of %s lacks.\n"
            "  Rebuild for any x86-64 with: GENRECO_PORTABLE=1 swift build -c release\n"
            "  (on a mixed cluster, build once that way and run that binary everywhere; the output is the same bit for bit).\n",
            host);
    _exit(70);   // EX_SOFTWARE: before main, so nothing has been written
}
