/// The scalar types a dataset column can have, with their numpy spelling.
///
/// Files store them little-endian (`H5T_STD_*LE`, `H5T_IEEE_F*LE`) whatever machine wrote
/// them, so a numpy `dtype` string is a fixed property of the column, not of the writer.
public enum ScalarKind: String, Sendable, Codable, CaseIterable {
    case int8, int16, int32, int64, float32, float64

    /// Bytes per value.
    public var size: Int {
        switch self {
        case .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        case .int64, .float64: 8
        }
    }

    /// The numpy `dtype.str` h5py reports for this column (`"<f4"`, `"|i1"`, …).
    public var numpyType: String {
        switch self {
        case .int8: "|i1"
        case .int16: "<i2"
        case .int32: "<i4"
        case .int64: "<i8"
        case .float32: "<f4"
        case .float64: "<f8"
        }
    }

    /// The Swift type a row property of this kind must have (checked when a layout is built).
    var swiftType: Any.Type {
        switch self {
        case .int8: Int8.self
        case .int16: Int16.self
        case .int32: Int32.self
        case .int64: Int64.self
        case .float32: Float.self
        case .float64: Double.self
        }
    }

    /// Reads one value of this kind from memory, widened to Double (exact for every kind
    /// but int64 beyond 2⁵³, which event ids never reach).
    func load(from pointer: UnsafeRawPointer) -> Double {
        switch self {
        case .int8: Double(pointer.loadUnaligned(as: Int8.self))
        case .int16: Double(pointer.loadUnaligned(as: Int16.self))
        case .int32: Double(pointer.loadUnaligned(as: Int32.self))
        case .int64: Double(pointer.loadUnaligned(as: Int64.self))
        case .float32: Double(pointer.loadUnaligned(as: Float.self))
        case .float64: pointer.loadUnaligned(as: Double.self)
        }
    }
}

/// One field of a dataset's compound type, as stored in the file and documented in the README.
///
/// The unit is part of the name for dimensionful quantities (`pt_gev`, `d0_mm`, `time_ns`)
/// so that a column read with pandas still says what it holds; `unit` repeats it for tables
/// and is `"rad"` for angles, `""` for pure numbers.
public struct Column: Sendable, Codable, Equatable {
    /// The compound field name in the file (and the numpy field name in h5py).
    public let name: String
    public let kind: ScalarKind
    public let unit: String
    public let description: String

    public init(_ name: String, _ kind: ScalarKind, unit: String = "", _ description: String) {
        self.name = name
        self.kind = kind
        self.unit = unit
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case name, kind = "type", unit, description
    }
}

/// One dataset of the file: its name, shape, meaning and columns.
public struct TableSchema: Sendable, Equatable {
    /// The dataset's name in the file's root group.
    public let name: String
    /// What one row is.
    public let description: String
    /// For per-jet arrays: how many rows each jet has (the second dimension), zero-padded.
    /// `nil` for one-row-per-object datasets (`jets`, `events`).
    public let rowsPerJet: Int?
    /// For per-jet arrays: the `jets` column that counts the valid rows.
    public let countColumn: String?
    public let columns: [Column]

    /// "N", "N × 30", "M": the shape as the README states it.
    public var shapeDescription: String {
        if let k = rowsPerJet { return "N × \(k)" }
        return name == "events" ? "M" : "N"
    }
}
