import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// The iterative vertex finder on tracks drawn from known vertices: Gaussian (d0, z0) with
/// the tracks' stated errors, so the fitted z must agree with the truth within its own error.
final class VertexFinderTests: XCTestCase {
    /// Straight tracks (pT = 2–20 GeV) from a vertex at (0, 0, z): d0 = 0, z0 = z, smeared by
    /// σ(d0) = 20 µm, σ(z0) = 60 µm.
    static func tracks(at z: Double, count: Int, ptScale: Double, rng: inout RandomStream) -> [Track] {
        (0..<count).map { _ in
            let phi = rng.uniform(-Double.pi, Double.pi), theta = rng.uniform(0.3, 2.8)
            let pt = ptScale * rng.uniform(1, 10)
            var cov = [Double](repeating: 0, count: 25)
            for (i, s) in [0.02, 0.06, 1e-4, 1e-4, 1e-3].enumerated() { cov[i * 6] = s * s }
            let p = PerigeeParameters(d0: rng.gaussian(sigma: 0.02), z0: z + rng.gaussian(sigma: 0.06), phi: phi, theta: theta,
                                      qOverP: sin(theta) / pt)
            return Track(parameters: p, covariance: cov, chi2: 10, ndf: 10, clusters: [], pixelHits: 4, stripHits: 8, holes: 0,
                         sharedHits: 0, truthParticle: -1, truthMatchFraction: 0)
        }
    }

    /// Three vertices 5 mm apart: three found; z within 4σ of its fit error (σ ≈ 60 µm/√n);
    /// the one with the hardest tracks first (largest Σ pT²).
    func testSeparatedVerticesAreFoundAndOrderedBySumPt2() {
        var rng = RandomStream(seed: 5, event: 0, stage: .reconstruction)
        let truth = [(-5.0, 12, 1.0), (0.5, 20, 3.0), (6.0, 8, 1.0)]
        var tracks: [Track] = []
        for (z, n, scale) in truth { tracks += Self.tracks(at: z, count: n, ptScale: scale, rng: &rng) }
        let vertices = VertexFinder()(tracks)
        XCTAssertEqual(vertices.count, 3)
        XCTAssertEqual(vertices[0].position.z, 0.5, accuracy: 4 * 0.06 / 20.0.squareRoot())
        XCTAssertEqual(vertices[0].tracks.count, 20)
        for (z, n, _) in truth {
            guard let v = vertices.min(by: { abs($0.position.z - z) < abs($1.position.z - z) }) else { return XCTFail() }
            XCTAssertEqual(v.position.z, z, accuracy: 4 * v.covariance[8].squareRoot())
            XCTAssertEqual(v.tracks.count, n)
        }
        XCTAssertTrue(zip(vertices, vertices.dropFirst()).allSatisfy { $0.sumPt2 >= $1.sumPt2 })
    }

    /// A track 3 mm away from a vertex's others is an outlier there and is not attached.
    func testOutlierIsRemoved() {
        var rng = RandomStream(seed: 6, event: 0, stage: .reconstruction)
        var tracks = Self.tracks(at: 1, count: 10, ptScale: 1, rng: &rng)
        var stray = Self.tracks(at: 1.6, count: 1, ptScale: 1, rng: &rng)[0]
        stray.parameters.z0 = 1.6
        tracks.append(stray)
        let vertices = VertexFinder()(tracks)
        XCTAssertEqual(vertices.first?.tracks.count, 10)
        XCTAssertFalse(vertices.first?.tracks.contains(10) ?? true)
    }

    /// Tracks with a broken covariance (singular (d0, z0) block, NaN) are skipped, not fitted.
    func testBadTracksAreSkipped() {
        var rng = RandomStream(seed: 7, event: 0, stage: .reconstruction)
        var tracks = Self.tracks(at: 0, count: 3, ptScale: 1, rng: &rng)
        tracks[0].covariance = [Double](repeating: 0, count: 25)
        tracks[1].parameters.z0 = .nan
        tracks[2].covariance = []
        XCTAssertTrue(VertexFinder()(tracks).isEmpty)
    }
}
