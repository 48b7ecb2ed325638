import CHDF5
import Foundation

/// The thin layer between the Output module and HDF5's C API: library set-up, checked
/// calls that turn failures into ``DatasetError``, datatypes for row layouts, attributes.
///
/// HDF5 (the serial build Debian ships) is not thread-safe: use one writer, reader or
/// merger per process at a time. The farm runs each job in its own process, so this costs
/// nothing there.
enum HDF5 {
    /// Runs once, before any other HDF5 call: opens the library and stops it printing error
    /// stacks to stderr, since ``check(_:_:file:)`` reads them into Swift errors instead.
    static let initialized: Bool = {
        H5open()
        genreco_h5_silence_errors()
        return true
    }()

    /// HDF5's error stack as one line, then cleared.
    static func errorMessage() -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        genreco_h5_error_message(&buffer, buffer.count)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `result` if it is a valid id or non-negative status; otherwise throws with the call's
    /// name and HDF5's message.
    @discardableResult
    static func check<T: BinaryInteger>(_ result: T, _ call: String, file: String) throws -> T {
        if result < 0 { throw DatasetError.hdf5(file: file, call: call, message: errorMessage()) }
        return result
    }

    // MARK: Datatypes

    static func memoryType(_ kind: ScalarKind) -> hid_t {
        switch kind {
        case .int8: H5T_NATIVE_INT8
        case .int16: H5T_NATIVE_INT16
        case .int32: H5T_NATIVE_INT32
        case .int64: H5T_NATIVE_INT64
        case .float32: H5T_NATIVE_FLOAT
        case .float64: H5T_NATIVE_DOUBLE
        }
    }

    static func fileType(_ kind: ScalarKind) -> hid_t {
        switch kind {
        case .int8: H5T_STD_I8LE
        case .int16: H5T_STD_I16LE
        case .int32: H5T_STD_I32LE
        case .int64: H5T_STD_I64LE
        case .float32: H5T_IEEE_F32LE
        case .float64: H5T_IEEE_F64LE
        }
    }

    /// The compound type of a Swift row in memory (Swift's offsets and stride).
    static func memoryCompound(_ layout: RowLayout, file: String) throws -> hid_t {
        let t = try check(H5Tcreate(H5T_COMPOUND, layout.stride), "H5Tcreate", file: file)
        for (column, offset) in zip(layout.columns, layout.memoryOffsets) {
            try check(H5Tinsert(t, column.name, offset, memoryType(column.kind)), "H5Tinsert(\(column.name))", file: file)
        }
        return t
    }

    /// The compound type of a row in the file: packed, little-endian, in column order.
    static func fileCompound(_ layout: RowLayout, file: String) throws -> hid_t {
        let t = try check(H5Tcreate(H5T_COMPOUND, layout.fileSize), "H5Tcreate", file: file)
        for (column, offset) in zip(layout.columns, layout.fileOffsets) {
            try check(H5Tinsert(t, column.name, offset, fileType(column.kind)), "H5Tinsert(\(column.name))", file: file)
        }
        return t
    }

    /// The field names of a compound type, in order (nil if `type` is not compound).
    static func compoundFieldNames(_ type: hid_t) -> [String]? {
        guard H5Tget_class(type) == H5T_COMPOUND else { return nil }
        let n = H5Tget_nmembers(type)
        guard n >= 0 else { return nil }
        return (0..<UInt32(n)).map { i in
            guard let name = H5Tget_member_name(type, i) else { return "" }
            defer { H5free_memory(name) }
            return String(cString: name)
        }
    }

    // MARK: Attributes

    /// Writes a scalar UTF-8 variable-length string attribute (h5py reads it as `str`).
    static func writeAttribute(_ name: String, _ value: String, on object: hid_t, file: String) throws {
        let type = try check(H5Tcopy(H5T_C_S1), "H5Tcopy", file: file)
        defer { H5Tclose(type) }
        try check(H5Tset_size(type, H5T_VARIABLE), "H5Tset_size", file: file)
        try check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset", file: file)
        try writeScalarAttribute(name, type: type, on: object, file: file) { attribute in
            value.withCString { text in
                var pointer: UnsafePointer<CChar>? = text
                return H5Awrite(attribute, type, &pointer)
            }
        }
    }

    /// Writes a scalar 64-bit integer attribute.
    static func writeAttribute(_ name: String, _ value: Int64, on object: hid_t, file: String) throws {
        try writeScalarAttribute(name, type: H5T_STD_I64LE, on: object, file: file) { attribute in
            var v = value
            return H5Awrite(attribute, H5T_NATIVE_INT64, &v)
        }
    }

    private static func writeScalarAttribute(_ name: String, type: hid_t, on object: hid_t, file: String,
                                             write: (hid_t) -> herr_t) throws {
        let space = try check(H5Screate(H5S_SCALAR), "H5Screate", file: file)
        defer { H5Sclose(space) }
        let attribute = try check(H5Acreate2(object, name, type, space, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT)),
                                  "H5Acreate2(\(name))", file: file)
        defer { H5Aclose(attribute) }
        try check(write(attribute), "H5Awrite(\(name))", file: file)
    }

    /// The names of an object's attributes, in name order.
    static func attributeNames(of object: hid_t, file: String) throws -> [String] {
        final class Names { var list: [String] = [] }
        let names = Names()
        var index: hsize_t = 0
        let status = H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, data in
            guard let name, let data else { return -1 }
            Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().list.append(String(cString: name))
            return 0
        }, Unmanaged.passUnretained(names).toOpaque())
        try check(status, "H5Aiterate2", file: file)
        return names.list
    }

    /// Reads a scalar attribute of string, integer or floating-point type.
    static func readAttribute(_ name: String, of object: hid_t, file: String) throws -> AttributeValue {
        let attribute = try check(H5Aopen(object, name, hid_t(H5P_DEFAULT)), "H5Aopen(\(name))", file: file)
        defer { H5Aclose(attribute) }
        let type = try check(H5Aget_type(attribute), "H5Aget_type(\(name))", file: file)
        defer { H5Tclose(type) }
        let space = try check(H5Aget_space(attribute), "H5Aget_space(\(name))", file: file)
        defer { H5Sclose(space) }
        guard H5Sget_simple_extent_type(space) == H5S_SCALAR else { return .unsupported("non-scalar") }
        switch H5Tget_class(type) {
        case H5T_INTEGER:
            var v: Int64 = 0
            try check(H5Aread(attribute, H5T_NATIVE_INT64, &v), "H5Aread(\(name))", file: file)
            return .integer(v)
        case H5T_FLOAT:
            var v: Double = 0
            try check(H5Aread(attribute, H5T_NATIVE_DOUBLE, &v), "H5Aread(\(name))", file: file)
            return .real(v)
        case H5T_STRING:
            if try check(H5Tis_variable_str(type), "H5Tis_variable_str(\(name))", file: file) > 0 {
                let memType = try check(H5Tcopy(H5T_C_S1), "H5Tcopy", file: file)
                defer { H5Tclose(memType) }
                H5Tset_size(memType, H5T_VARIABLE)
                H5Tset_cset(memType, H5Tget_cset(type))
                var pointer: UnsafeMutablePointer<CChar>? = nil
                try check(H5Aread(attribute, memType, &pointer), "H5Aread(\(name))", file: file)
                guard let pointer else { return .string("") }
                defer { H5free_memory(pointer) }
                return .string(String(cString: pointer))
            }
            let size = H5Tget_size(type)
            var bytes = [UInt8](repeating: 0, count: size + 1)
            try check(H5Aread(attribute, type, &bytes), "H5Aread(\(name))", file: file)
            let end = bytes.firstIndex(of: 0) ?? size
            return .string(String(decoding: bytes[..<end], as: UTF8.self))
        default:
            return .unsupported("HDF5 class \(H5Tget_class(type).rawValue)")
        }
    }
}

/// The value of a scalar attribute, as the reader sees it.
public enum AttributeValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case real(Double)
    /// Arrays, compounds and other types GenReco does not write.
    case unsupported(String)

    public var stringValue: String? { if case let .string(s) = self { s } else { nil } }
    public var integerValue: Int64? { if case let .integer(v) = self { v } else { nil } }

    public var description: String {
        switch self {
        case let .string(s): s
        case let .integer(v): String(v)
        case let .real(v): String(v)
        case let .unsupported(what): "<\(what)>"
        }
    }
}
