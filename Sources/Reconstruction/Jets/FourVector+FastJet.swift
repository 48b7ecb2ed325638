import EventModel
import Foundation

/// Rapidity and azimuth exactly as FastJet 3 computes them for clustering
/// (`PseudoJet::_set_rap_phi`, FastJet 3.4.0 and 3.5.2), so that distances — and hence every
/// merging decision — agree with FastJet to the last bit.
extension FourVector {

    /// FastJet's cap on |y| (`fastjet::MaxRap`, 10⁵).
    public static let fastJetMaxRapidity = 1e5

    /// Rapidity y = ½ ln((E + pz)/(E − pz)) in FastJet's convention:
    ///
    /// * computed as y = ±½ ln((pT² + max(m², 0)) / (E + |pz|)²), sign of pz, with
    ///   m² = (E + pz)(E − pz) − pT²: insensitive to round-off for large |pz|, and a tachyonic
    ///   mass is taken as zero;
    /// * an input with pT = 0 and E = |pz| (massless along the beam, or the zero vector) gets
    ///   y = ±(10⁵ + |pz|) (+ for pz ≥ 0): finite, far from everything, and different for
    ///   different |pz| so that such inputs are not degenerate with each other.
    ///
    /// (`FourVector.rapidity` instead returns ±∞ there and uses the textbook formula.)
    @inlinable public var fastJetRapidity: Double {
        let kt2 = px * px + py * py
        if e == abs(pz) && kt2 == 0 {
            let capped = FourVector.fastJetMaxRapidity + abs(pz)
            return pz >= 0 ? capped : -capped
        }
        let m2 = (e + pz) * (e - pz) - kt2
        let effectiveM2 = max(0.0, m2)
        let ePlusAbsPz = e + abs(pz)
        let y = 0.5 * log((kt2 + effectiveM2) / (ePlusAbsPz * ePlusAbsPz))
        return pz > 0 ? -y : y
    }

    /// Azimuth in [0, 2π) as FastJet's `phi_02pi()`: atan2(py, px) shifted by 2π when
    /// negative, and 0 when pT = 0.
    @inlinable public var fastJetPhi: Double {
        let kt2 = px * px + py * py
        var phi = kt2 == 0 ? 0.0 : atan2(py, px)
        if phi < 0 { phi += 2 * Double.pi }
        if phi >= 2 * Double.pi { phi -= 2 * Double.pi }
        return phi
    }
}
