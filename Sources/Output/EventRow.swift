/// One event of the dataset: identity, pile-up conditions, weight and truth LLP count.
///
/// Every event processed gets a row, with or without jets, so that a training can
/// normalise per event (Σ weight) and check that no event went missing.
public struct EventRow: Sendable, Equatable {
    /// Global event number (DESIGN.md §3): unique in the run, matches ``JetRow/eventID``.
    public var eventID: Int64
    /// Run number from the run card (`[run] number`).
    public var runNumber: Int32
    /// Jets written for this event.
    public var nJets: Int32
    /// Reconstructed pile-up vertices (all primary vertices but the hard-scatter one).
    public var nPileupVertices: Int32
    /// Mean pile-up interactions per crossing the event was generated with.
    public var mu: Float
    /// Event weight (1 for unweighted generation); `Double`, since sums run over millions.
    public var weight: Double
    /// Long-lived particles in the truth record.
    public var nTrueLLPs: Int32

    public init(eventID: Int64 = 0, runNumber: Int32 = 0, nJets: Int32 = 0, nPileupVertices: Int32 = 0,
                mu: Float = 0, weight: Double = 1, nTrueLLPs: Int32 = 0) {
        self.eventID = eventID
        self.runNumber = runNumber
        self.nJets = nJets
        self.nPileupVertices = nPileupVertices
        self.mu = mu
        self.weight = weight
        self.nTrueLLPs = nTrueLLPs
    }
}

extension EventRow: StoredRow {
    static let bindings: [ColumnBinding<EventRow>] = [
        .init(\.eventID, Column("event_id", .int64, "global event number, unique in the run")),
        .init(\.runNumber, Column("run_number", .int32, "run number from the run card")),
        .init(\.nJets, Column("n_jets", .int32, "jets written for this event")),
        .init(\.nPileupVertices, Column("n_pileup_vertices", .int32, "reconstructed pile-up vertices")),
        .init(\.mu, Column("mu", .float32, "mean pile-up interactions per crossing")),
        .init(\.weight, Column("weight", .float64, "event weight (1 for unweighted events)")),
        .init(\.nTrueLLPs, Column("n_true_llps", .int32, "long-lived particles in the truth record")),
    ]
    static let layout = RowLayout(EventRow.self, bindings)
    static var zero: EventRow { EventRow(weight: 0) }
}
