/// A column tied to the stored property that holds it in a row struct.
///
/// Key paths are immutable values; the stdlib does not mark them `Sendable` for every root,
/// hence `@unchecked`.
struct ColumnBinding<Row>: @unchecked Sendable {
    let column: Column
    let keyPath: PartialKeyPath<Row>

    init(_ keyPath: PartialKeyPath<Row>, _ column: Column) {
        self.keyPath = keyPath
        self.column = column
    }
}

/// Where each column of a table lives in memory in its Swift row struct, and where it lives
/// in the packed file record.
///
/// Built from `MemoryLayout.offset(of:)`, which plays the part of C's `HOFFSET`: Swift
/// chooses its own field order and padding, HDF5 is told exactly what it chose, and the
/// file type is packed in column order so the file never carries Swift's padding (whose
/// bytes are undefined, and would make two writes of the same rows differ).
struct RowLayout: Sendable {
    let columns: [Column]
    /// Byte offset of each column in the Swift struct.
    let memoryOffsets: [Int]
    /// Distance between consecutive rows in a Swift array.
    let stride: Int
    /// Byte offset of each column in the packed file record.
    let fileOffsets: [Int]
    /// Size of one packed file record.
    let fileSize: Int

    init<Row>(_ row: Row.Type, _ bindings: [ColumnBinding<Row>]) {
        precondition(_isPOD(Row.self), "\(Row.self) must be a plain value type to be written as raw memory")
        var memoryOffsets: [Int] = []
        for b in bindings {
            guard let offset = MemoryLayout<Row>.offset(of: b.keyPath) else {
                preconditionFailure("\(Row.self).\(b.column.name): key path is not a stored property")
            }
            let valueType = type(of: b.keyPath).valueType
            precondition(valueType == b.column.kind.swiftType,
                         "\(Row.self).\(b.column.name): property is \(valueType), column says \(b.column.kind)")
            memoryOffsets.append(offset)
        }
        var fileOffsets: [Int] = []
        var size = 0
        for b in bindings {
            fileOffsets.append(size)
            size += b.column.kind.size
        }
        self.columns = bindings.map(\.column)
        self.memoryOffsets = memoryOffsets
        self.stride = MemoryLayout<Row>.stride
        self.fileOffsets = fileOffsets
        self.fileSize = size
    }

    /// The index of the column called `name`.
    func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// A row struct that the Output module can write and read as one record of a compound
/// dataset: a plain value type whose every stored property is a column.
protocol StoredRow {
    static var layout: RowLayout { get }
    /// The padding row: every column zero.
    static var zero: Self { get }
}

extension RowLayout {
    /// Column-by-column bit equality of two rows (padding ignored): NaN equals NaN, and a
    /// row read back from a file equals the row written.
    func bytesEqual<Row>(_ a: Row, _ b: Row) -> Bool {
        withUnsafeBytes(of: a) { pa in
            withUnsafeBytes(of: b) { pb in
                for (offset, column) in zip(memoryOffsets, columns) {
                    for k in offset..<(offset + column.kind.size) where pa[k] != pb[k] { return false }
                }
                return true
            }
        }
    }
}
