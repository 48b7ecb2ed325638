import Detector
import Digitization
import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// The pieces of the track fit against closed-form answers: perigee of a known helix, the
/// analytic transport Jacobian against finite differences, material effects against the
/// PDG formulas, and bad input (empty events, broken clusters, a singular covariance).
final class TrackingFitTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// A particle from (0, 0, z) has d0 = 0, z0 = z and its own direction and q/p at the
    /// perigee; started from a later point of the same helix the perigee is the same
    /// (exact helix geometry, tolerance 1e-9 mm / rad).
    func testPerigeeOfAHelixIsAPropertyOfTheCurve() throws {
        let momentum = Vector3(3, -4, 7)   // pT = 5 GeV
        let origin = Vector3(0, 0, 12.5)
        let start = try XCTUnwrap(PerigeeParameters(position: origin, momentum: momentum, charge: -1, fieldTesla: 2))
        XCTAssertEqual(start.d0, 0, accuracy: 1e-9)
        XCTAssertEqual(start.z0, 12.5, accuracy: 1e-9)
        XCTAssertEqual(start.phi, atan2(-4, 3), accuracy: 1e-12)
        XCTAssertEqual(start.theta, momentum.theta, accuracy: 1e-12)
        XCTAssertEqual(start.qOverP, -1 / momentum.mag, accuracy: 1e-15)
        XCTAssertEqual(start.pt, 5, accuracy: 1e-12)

        let helix = Helix(position: origin, momentum: momentum, charge: -1, fieldTesla: 2)
        let later = helix.point(at: 400)
        let again = try XCTUnwrap(PerigeeParameters(position: later.position, momentum: later.direction * momentum.mag,
                                                    charge: -1, fieldTesla: 2))
        XCTAssertEqual(again.d0, 0, accuracy: 1e-9)
        XCTAssertEqual(again.z0, 12.5, accuracy: 1e-9)
        XCTAssertEqual(again.phi, start.phi, accuracy: 1e-9)
    }

    /// d0 sign (ATLAS): positive when the track circulates anticlockwise about the beam,
    /// i.e. (P × p)_z > 0 at the perigee P.
    func testImpactParameterSign() throws {
        let p = Vector3(10, 0, 0)
        let above = try XCTUnwrap(PerigeeParameters(position: Vector3(0, -0.1, 0), momentum: p, charge: 1, fieldTesla: 2))
        XCTAssertEqual(above.d0, 0.1, accuracy: 1e-6)   // (0, −0.1) × (1, 0) = +0.1
        let below = try XCTUnwrap(PerigeeParameters(position: Vector3(0, 0.1, 0), momentum: p, charge: 1, fieldTesla: 2))
        XCTAssertEqual(below.d0, -0.1, accuracy: 1e-6)
    }

    /// The analytic Jacobian of the helix transport equals central finite differences of the
    /// transport itself (relative 1e-4) for barrel → barrel, barrel → disc, inwards and outwards.
    func testAnalyticJacobianMatchesFiniteDifferences() throws {
        let geometry = TrackingGeometry(detector)
        let propagator = HelixPropagator(detector: detector, geometry: geometry)
        let ibl = try XCTUnwrap(detector.trackerSurfaces.firstIndex { $0.name == "IBL" })
        let sct0 = try XCTUnwrap(detector.trackerSurfaces.firstIndex { $0.name == "SCTB0" })
        let disc = try XCTUnwrap(detector.trackerSurfaces.firstIndex { $0.name == "SCTD3A" })
        let cases: [(from: Int, to: Int, p: Vector5, backward: Bool)] = [
            (ibl, sct0, Vector5(0.3, 20, 0.31, 1.2, 0.8), false),
            (ibl, sct0, Vector5(-2.9, -40, -2.95, 1.9, -1.1), false),
            (ibl, disc, Vector5(1.0, 150, 1.02, 0.25, 0.2), false),
            (sct0, ibl, Vector5(0.5, 100, 0.45, 1.0, -0.5), true),
        ]
        for c in cases {
            let start = SurfaceParameters(surface: c.from, p: c.p)
            let (end, jac) = try XCTUnwrap(propagator.propagate(start, to: c.to, backward: c.backward))
            XCTAssertEqual(end.surface, c.to)
            for k in 0..<5 {
                let h = [1e-6, 1e-4, 1e-6, 1e-6, 1e-6][k]
                var plus = start, minus = start
                plus.p[k] += h
                minus.p[k] -= h
                let ep = try XCTUnwrap(propagator.transport(plus, to: c.to, backward: c.backward))
                let em = try XCTUnwrap(propagator.transport(minus, to: c.to, backward: c.backward))
                for i in 0..<5 {
                    var d = ep.p[i] - em.p[i]
                    if i == 0 || i == 2 { d = wrapAngle(d) }
                    let numeric = d / (2 * h)
                    XCTAssertEqual(jac[i, k], numeric, accuracy: 1e-4 * max(1, abs(numeric)), "∂\(i)/∂\(k) \(c.from)→\(c.to)")
                }
            }
        }
    }

    /// Highland at 1 GeV through 1 % X0: 13.6 MeV/βp · 0.1 · (1 + 0.038 ln(0.01/β²)) = 1.12 mrad
    /// (PDG 2024 eq. 34.16); Bethe for a 1 GeV pion in silicon ≈ 1.66 MeV cm²/g near minimum
    /// (PDG table of silicon: 1.664 for minimum ionisation), × 21.82 g/cm² per X0.
    func testMaterialEffectsFollowThePDGFormulas() {
        let beta2 = 1 / (1 + pow(TrackMaterial.pionMassGeV, 2))
        let expected = 0.0136 / beta2.squareRoot() * 0.1 * (1 + 0.038 * log(0.01 / beta2))
        XCTAssertEqual(TrackMaterial.highland(thicknessX0: 0.01, momentumGeV: 1), expected, accuracy: 1e-9)
        let loss = TrackMaterial.meanEnergyLoss(thicknessX0: 0.01, momentumGeV: 0.5)
        XCTAssertEqual(loss / (0.01 * 21.82) * 1e3, 1.66, accuracy: 0.12)   // MeV cm²/g, near minimum ionisation
    }

    func testEmptyEventGivesNoTracksAndNoVertices() {
        let result = TrackFinder()(RawEvent(), in: detector)
        XCTAssertTrue(result.tracks.isEmpty)
        XCTAssertEqual(result.stats, TrackingStats())
        XCTAssertTrue(VertexFinder()(result.tracks).isEmpty)
    }

    /// Clusters on surfaces that do not exist, on passive material, or with NaN or zero
    /// errors are skipped and counted; nothing crashes.
    func testBrokenClustersAreCountedAndSkipped() throws {
        // TrackerCluster has no public initialiser: start from a real one and break it.
        let event = TrackingValidation.singleParticleEvent(pdgID: 13, ptGeV: 10, etaRange: 0.2...0.2, seed: 2, eventNumber: 0)
        let template = try XCTUnwrap(TrackingValidation.digitize(event, detector: detector, seed: 2).trackerClusters.first)
        func cluster(surface: Int32, u: Double, sigma: Double) -> TrackerCluster {
            var c = template
            c.surface = surface; c.localU = u; c.sigmaU = sigma; c.sigmaV = sigma
            return c
        }
        let passive = Int32(detector.trackerSurfaces.firstIndex { $0.technology == .passive }!)
        let raw = RawEvent(trackerClusters: [cluster(surface: 999, u: 1, sigma: 0.01), cluster(surface: -3, u: 1, sigma: 0.01),
                                             cluster(surface: 1, u: .nan, sigma: 0.01), cluster(surface: 1, u: 1, sigma: 0),
                                             cluster(surface: passive, u: 1, sigma: 0.01)])
        let result = TrackFinder()(raw, in: detector)
        XCTAssertEqual(result.stats.badClusters, 5)
        XCTAssertTrue(result.tracks.isEmpty)
    }

    /// A measurement update with no information anywhere (zero covariance, zero error) is
    /// singular: the update refuses it, and a fit from a degenerate state throws the error
    /// TrackFinder counts in `failedFits`.
    func testSingularCovarianceIsRefusedNotPropagated() throws {
        var par = SurfaceParameters(surface: 1, p: Vector5(0.1, 1, 0.1, 1, 0.5))
        var cov = Matrix5()
        XCTAssertNil(kalmanUpdate(&par, &cov, h1: 33, h2: 0, residual: 0.01, variance: 0))
        var nanCov = Matrix5.identity
        nanCov[4, 4] = .nan
        XCTAssertFalse(nanCov.isUsableCovariance)

        let event = TrackingValidation.singleParticleEvent(pdgID: 13, ptGeV: 10, etaRange: 0.2...0.2, seed: 1, eventNumber: 0)
        let raw = TrackingValidation.digitize(event, detector: detector, seed: 1)
        let clusters = EventClusters(raw.trackerClusters, detector: detector)
        let follower = TrackFollower(config: TrackingConfig(), detector: detector, geometry: TrackingGeometry(detector), clusters: clusters)
        let onIBL = try XCTUnwrap(raw.trackerClusters.indices.first { raw.trackerClusters[$0].surface == 1 && raw.trackerClusters[$0].truthParticle == 0 })
        XCTAssertThrowsError(try follower.fit([CandidateStep(surface: 1, clusters: [Int32(onIBL)])], lastPar: par,
                                              lastCov: Matrix5(), truthOf: { _ in 0 })) { error in
            guard case FitFailure.singular = error else { return XCTFail("expected a singular fit, got \(error)") }
        }
    }

    /// The fit's cluster errors (``ClusterErrorModel``) against residuals to the true helix
    /// of 2 TeV muons, where multiple scattering moves a point by less than 1 µm: pooled over
    /// 150 muons, |η| < 2.5, (cluster − truth)/σ has core width 1 ± 0.12 for pixel u, pixel v
    /// and strip clusters (≈ 600–2 000 clusters each: statistical error ≤ 3 %).
    func testClusterErrorModelMatchesResiduals() {
        var pulls: [String: [Double]] = [:]
        for n in 0..<150 {
            let event = TrackingValidation.singleParticleEvent(pdgID: 13, ptGeV: 2000, etaRange: -2.5...2.5, seed: 3, eventNumber: n)
            let raw = TrackingValidation.digitize(event, detector: detector, seed: 3)
            let clusters = EventClusters(raw.trackerClusters, detector: detector)
            let p = event.particles[0]
            let helix = Helix(position: .zero, momentum: p.momentum.p3, charge: p.pdgID > 0 ? -1 : 1, fieldTesla: detector.fieldTesla)
            for (i, c) in raw.trackerClusters.enumerated() where c.truthParticle == 0 {
                let s = detector.trackerSurfaces[Int(c.surface)]
                let frame = clusters.frames[Int(c.surface)][Int(c.side)]
                let path: Double?
                switch s.shape {
                case let .cylinder(r, _): path = helix.pathToCylinder(radius: r)
                case let .disc(z, _, _): path = helix.pathToPlane(z: z)
                }
                guard let path else { continue }
                let x = helix.point(at: path).position
                let truth = SurfaceParameters(surface: s.index, p: Vector5(atan2(x.y, x.x), s.isBarrel ? x.z : x.perp,
                                                                          p.momentum.phi, p.momentum.theta, 0))
                let m = clusters.uMeasurement(Int32(i), frame: frame, truth)
                pulls[s.technology == .pixel ? "pixel u" : "strip", default: []].append(m.residual / m.variance.squareRoot())
                if s.technology == .pixel {
                    let sv = clusters.sigmaVOnTrack(Int32(i), theta: p.momentum.theta)
                    pulls["pixel v", default: []].append((c.localV - truth.p[1]) / sv)
                }
            }
        }
        for key in ["pixel u", "pixel v", "strip"] {
            let values = pulls[key] ?? []
            XCTAssertGreaterThan(values.count, 500, key)
            XCTAssertEqual(TrackingValidation.coreSigma(values), 1, accuracy: 0.12, key)
        }
    }
}
