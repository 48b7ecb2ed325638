/// What a file says about where it came from, beyond its rows: stored as root attributes
/// `genreco_version` and `run_card_toml` (omitted when nil).
///
/// Nothing here depends on the time, host or rank that wrote the file, so the same rows
/// and metadata always give the same bytes (DESIGN.md §3).
public struct DatasetMetadata: Sendable, Equatable {
    /// The `genreco` version that made the rows (the executable passes its own).
    public var genrecoVersion: String
    /// The run card, as TOML text, if the rows came from one.
    public var runCardTOML: String?

    public init(genrecoVersion: String, runCardTOML: String? = nil) {
        self.genrecoVersion = genrecoVersion
        self.runCardTOML = runCardTOML
    }
}

/// Names of the attributes GenReco writes: on the root group (`File`) and on each dataset
/// (`Dataset`). h5py: `f.attrs["schema"]`, `f["jets"].attrs["fields"]`.
public enum AttributeName {
    public enum File {
        /// ``DatasetSchema/formatName``.
        public static let format = "format"
        /// ``DatasetSchema/version`` (integer).
        public static let schemaVersion = "schema_version"
        public static let genrecoVersion = "genreco_version"
        /// ``DatasetSchema/labelsJSON``.
        public static let labels = "labels"
        /// ``DatasetSchema/padding``.
        public static let padding = "padding"
        /// ``DatasetSchema/markdown()``: the whole schema, readable.
        public static let schema = "schema"
        public static let runCardTOML = "run_card_toml"
    }

    public enum Dataset {
        /// ``TableSchema/description``.
        public static let description = "description"
        /// "N", "N × 30", "M".
        public static let shape = "shape"
        /// JSON array of the columns: name, type (``ScalarKind``), unit, description.
        public static let fields = "fields"
        /// Per-jet datasets: the second dimension (integer).
        public static let rowsPerJet = "rows_per_jet"
        /// Per-jet datasets: the `jets` column that counts the valid rows.
        public static let countField = "count_field"
    }
}
