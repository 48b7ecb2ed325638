// Open MPI for Swift.
//
// Open MPI defines its handle constants (MPI_COMM_WORLD, MPI_BYTE, MPI_STATUS_IGNORE, ...)
// as casts of the addresses of extern symbols; Swift's importer cannot see through those
// macros. Each one is re-exported here as a static inline getter that Swift sees as a
// read-only global under the very same name.
#ifndef GENRECO_CMPI_SHIM_H
#define GENRECO_CMPI_SHIM_H

#include <mpi.h>
#include <stdio.h>

#define GENRECO_MPI_GETTER(type, name) \
    static inline type genreco_##name(void) __attribute__((swift_name("getter:" #name "()"))); \
    static inline type genreco_##name(void) { return name; }

GENRECO_MPI_GETTER(MPI_Comm, MPI_COMM_WORLD)
GENRECO_MPI_GETTER(MPI_Comm, MPI_COMM_SELF)
GENRECO_MPI_GETTER(MPI_Datatype, MPI_BYTE)
GENRECO_MPI_GETTER(MPI_Datatype, MPI_CHAR)
GENRECO_MPI_GETTER(MPI_Datatype, MPI_INT)
GENRECO_MPI_GETTER(MPI_Datatype, MPI_INT64_T)
GENRECO_MPI_GETTER(MPI_Datatype, MPI_UINT64_T)
GENRECO_MPI_GETTER(MPI_Datatype, MPI_DOUBLE)
GENRECO_MPI_GETTER(MPI_Status *, MPI_STATUS_IGNORE)
GENRECO_MPI_GETTER(MPI_Errhandler, MPI_ERRORS_RETURN)
GENRECO_MPI_GETTER(MPI_Errhandler, MPI_ERRORS_ARE_FATAL)
GENRECO_MPI_GETTER(MPI_Op, MPI_SUM)
GENRECO_MPI_GETTER(MPI_Op, MPI_MAX)

#undef GENRECO_MPI_GETTER

// Swift 6 refuses to touch C globals such as stdout; line-buffer it from C so that
// progress lines from every rank reach mpirun's forwarder promptly.
static inline void genreco_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

#endif
