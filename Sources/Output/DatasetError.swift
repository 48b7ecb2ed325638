import Foundation

/// Why a dataset file could not be written, read or merged. Every case names the file, and
/// HDF5 failures name the call and carry HDF5's own error stack as one line.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An HDF5 call failed: `call` is the C function, `message` HDF5's error stack,
    /// outermost first ("unable to open file: … : file signature not found").
    case hdf5(file: String, call: String, message: String)
    /// The folder a new file should go in does not exist (the writer does not create it:
    /// a missing output folder is a configuration mistake worth hearing about).
    case missingFolder(file: String, folder: String)
    /// The file to read does not exist.
    case fileNotFound(file: String)
    /// The file exists but is not HDF5.
    case notHDF5(file: String)
    /// The file is HDF5 but not a GenReco dataset this version can read.
    case notADataset(file: String, reason: String)
    /// Files to merge disagree on something that must be the same (schema, version, run card).
    case incompatibleInputs(file: String, reason: String)
    /// A system call on the file failed (fsync, rename).
    case io(file: String, operation: String, errno: Int32)
    /// The writer was already closed.
    case closed(file: String)

    public var file: String {
        switch self {
        case let .hdf5(file, _, _), let .missingFolder(file, _), let .fileNotFound(file), let .notHDF5(file),
             let .notADataset(file, _), let .incompatibleInputs(file, _), let .io(file, _, _), let .closed(file):
            file
        }
    }

    public var description: String {
        switch self {
        case let .hdf5(file, call, message):
            "\(file): \(call) failed" + (message.isEmpty ? "" : ": \(message)")
        case let .missingFolder(file, folder):
            "\(file): cannot create the file, folder \(folder) does not exist"
        case let .fileNotFound(file):
            "\(file): no such file"
        case let .notHDF5(file):
            "\(file): not an HDF5 file"
        case let .notADataset(file, reason):
            "\(file): not a GenReco dataset: \(reason)"
        case let .incompatibleInputs(file, reason):
            "\(file): cannot be merged with the files before it: \(reason)"
        case let .io(file, operation, code):
            "\(file): \(operation) failed: \(String(cString: strerror(code)))"
        case let .closed(file):
            "\(file): the writer is already closed"
        }
    }
}
