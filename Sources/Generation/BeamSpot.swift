import EventModel

/// The z of event `event`'s collision, mm: Gaussian about 0 with the card's
/// `beamspot_sigma_z_mm`, drawn from the event's own beam-spot stream so that changing any
/// other stage never moves the vertex; exactly 0 when σz = 0 (no draw at all).
func beamSpotZ(seed: UInt64, event: UInt64, sigmaZMM: Double) -> Double {
    guard sigmaZMM > 0 else { return 0 }
    var spot = RandomStream(seed: seed, event: event, stage: .beamSpot)
    return spot.gaussian(mean: 0, sigma: sigmaZMM)
}
