// HDF5 for Swift.
//
// HDF5 spells its predefined datatypes and property-list classes as macros that expand to
// `(H5open(), H5T_NATIVE_INT_g)` and friends, and its file-access flags as
// `(H5check(), H5open(), 0x0002u)`; H5S_UNLIMITED and H5T_VARIABLE are casts of -1.
// Swift's importer cannot see through any of these, and the raw `*_g` globals are -1 until
// H5open() has run (Swift 6 rejects touching them anyway). Each constant the Output module
// needs is re-exported here as a static inline getter that Swift sees as a read-only global
// under the very same name: the macro still runs, so H5open() is called first, as HDF5 wants.
#ifndef GENRECO_CHDF5_SHIM_H
#define GENRECO_CHDF5_SHIM_H

#include <hdf5.h>
#include <string.h>

#define GENRECO_H5_GETTER(type, name) \
    static inline type genreco_##name(void) __attribute__((swift_name("getter:" #name "()"))); \
    static inline type genreco_##name(void) { return name; }

// Memory types: what Swift's Int8…Int64, Float and Double are on this machine.
GENRECO_H5_GETTER(hid_t, H5T_NATIVE_INT8)
GENRECO_H5_GETTER(hid_t, H5T_NATIVE_INT16)
GENRECO_H5_GETTER(hid_t, H5T_NATIVE_INT32)
GENRECO_H5_GETTER(hid_t, H5T_NATIVE_INT64)
GENRECO_H5_GETTER(hid_t, H5T_NATIVE_FLOAT)
GENRECO_H5_GETTER(hid_t, H5T_NATIVE_DOUBLE)
// File types: fixed little-endian standard types, so a file does not depend on the writer.
GENRECO_H5_GETTER(hid_t, H5T_STD_I8LE)
GENRECO_H5_GETTER(hid_t, H5T_STD_I16LE)
GENRECO_H5_GETTER(hid_t, H5T_STD_I32LE)
GENRECO_H5_GETTER(hid_t, H5T_STD_I64LE)
GENRECO_H5_GETTER(hid_t, H5T_IEEE_F32LE)
GENRECO_H5_GETTER(hid_t, H5T_IEEE_F64LE)
GENRECO_H5_GETTER(hid_t, H5T_C_S1)
// Property-list classes.
GENRECO_H5_GETTER(hid_t, H5P_FILE_CREATE)
GENRECO_H5_GETTER(hid_t, H5P_FILE_ACCESS)
GENRECO_H5_GETTER(hid_t, H5P_DATASET_CREATE)
GENRECO_H5_GETTER(hid_t, H5P_DATASET_ACCESS)
// File-access flags.
GENRECO_H5_GETTER(unsigned, H5F_ACC_RDONLY)
GENRECO_H5_GETTER(unsigned, H5F_ACC_RDWR)
GENRECO_H5_GETTER(unsigned, H5F_ACC_TRUNC)
GENRECO_H5_GETTER(unsigned, H5F_ACC_EXCL)
// Sizes given as casts of -1.
GENRECO_H5_GETTER(hsize_t, H5S_UNLIMITED)
GENRECO_H5_GETTER(size_t, H5T_VARIABLE)
GENRECO_H5_GETTER(hid_t, H5E_DEFAULT)

#undef GENRECO_H5_GETTER

/// Stops HDF5 from printing its error stack to stderr on every failed call: the Output
/// module reads the stack itself (below) and puts it into a Swift error instead.
static inline void genreco_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

typedef struct {
    char *buffer;
    size_t capacity;
    unsigned count;
} genreco_h5_error_text;

static inline herr_t genreco_h5_append_error(unsigned n, const H5E_error2_t *e, void *data) {
    (void)n;
    genreco_h5_error_text *t = (genreco_h5_error_text *)data;
    if (e->desc == NULL || e->desc[0] == '\0') return 0;
    size_t used = strlen(t->buffer);
    if (t->count > 0 && used + 2 < t->capacity) {
        strncat(t->buffer, ": ", t->capacity - used - 1);
        used += 2;
    }
    if (used + 1 < t->capacity) strncat(t->buffer, e->desc, t->capacity - used - 1);
    t->count += 1;
    return 0;
}

/// The current thread's HDF5 error stack as one line, outermost call first
/// ("unable to open file: unable to read superblock: file signature not found"), written
/// into `buffer` (always NUL-terminated); then the stack is cleared.
static inline void genreco_h5_error_message(char *buffer, size_t capacity) {
    if (capacity == 0) return;
    buffer[0] = '\0';
    genreco_h5_error_text t = { buffer, capacity, 0 };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, genreco_h5_append_error, &t);
    H5Eclear2(H5E_DEFAULT);
}

#endif
