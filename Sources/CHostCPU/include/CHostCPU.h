#ifndef GENRECO_CHOSTCPU_H
#define GENRECO_CHOSTCPU_H

/// The instruction set the package's Swift code was compiled for: "x86-64-v3" (AVX2, FMA,
/// BMI2; Package.swift picks it when the building machine has it) or "portable".
const char *genreco_build_instruction_set(void);

/// 1 when this CPU can run the build (always, for a portable build), 0 when it cannot.
/// GENRECO_PRETEND_OLD_CPU=1 makes a v3 build answer 0, so the tests can see the refusal.
int genreco_cpu_can_run_build(void);

#endif
