import Foundation
import XCTest
@testable import Reconstruction
@testable import Digitization
import Simulation
import Detector
import EventModel

/// Muon segments: straight lines fitted to the digits of each station, with t0.
///
/// A segment needs at least two layers per station. The built-in ATLAS card gives each
/// station three layers 250 mm apart (an MDT chamber's two multilayers and its trigger
/// chamber span about half a metre, JINST 3 (2008) S08003 §6.3): the same station name on
/// three surfaces.
final class MuonSegmentTests: XCTestCase {
    static let spacingMM = 250.0

    var detector: Detector { Detector.atlasRun2 }

    func process(_ event: GenEvent, seed: UInt64 = 3) -> (SimHits, RawEvent) {
        var simRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: Simulation.stage)
        let hits = Simulation()(event, in: detector, rng: &simRNG)
        var digiRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: Digitization.stage)
        return (hits, Digitization()(hits, in: detector, rng: &digiRNG))
    }

    /// A 50 GeV muon from the interaction point gives one segment in each station it
    /// crosses, along its true direction there. Expected resolution of the slopes from the
    /// straight-line fit, σ(slope) = σ/√Σ(u − ū)² with Σ(u − ū)² = 2·(250 mm)² for three
    /// layers: 35 µm → 0.1 mrad in the precision plane, 10 mm → 28 mrad in the second
    /// coordinate (r·φ). So: precision-plane angle within 1 mrad (10 σ), second-coordinate
    /// angle within 5 σ = 0.14 rad, t0 within 3 × 1.5 ns/√3 of 0 (a 50 GeV muon has β = 1
    /// to 2e-6 and flies straight after the solenoid, from an origin at the IP).
    func testCollisionMuonGivesOneSegmentPerStationAlongItsDirection() {
        let slopeSigmaS = 10.0 / (2 * MuonSegmentTests.spacingMM * MuonSegmentTests.spacingMM).squareRoot()
        var precisionResiduals: [Double] = []
        var stationsCrossed = 0
        for k in 0..<8 {
            let eta = [0.3, -0.6, 1.8, 2.2][k % 4], phi = 0.5 + 0.7 * Double(k)
            let event = DetectorValidation.singleParticleEvent(pdgID: 13, energy: 50, eta: eta, phi: phi, eventNumber: k)
            let (hits, raw) = process(event)
            let segments = SegmentFinder()(raw, in: detector)
            let stations = MuonStations.shared(for: detector)
            // Stations with ≥ 2 digits, each must give exactly one segment.
            var digitsPerStation: [Int: Set<Int>] = [:]
            for d in raw.muonDigits {
                let st = stations.stationOfSurface[Int(d.surface)]
                digitsPerStation[st, default: []].insert(stations.stations[st].layerOfSurface[Int(d.surface)]!)
            }
            let expected = digitsPerStation.values.filter { $0.count >= 2 }.count
            stationsCrossed += expected
            XCTAssertEqual(segments.count, expected, "event \(k) η \(eta)")
            for seg in segments {
                let truth = hits.muonHits.first { $0.surface == Int32(seg.station) }?.direction
                    ?? hits.muonHits.first { stations.stationOfSurface[Int($0.surface)] == stations.stationOfSurface[seg.station] }!.direction
                let station = stations.stations[stations.stationOfSurface[seg.station]]
                let frame = StationFrame(station: station, digits: [seg.position], detector: detector)
                // Slopes in the station frame.
                func slopes(_ v: Vector3) -> (Double, Double) {
                    let (u, p, s) = frame.local(v)
                    let l = frame.local(Vector3(0, 0, 0))
                    return ((p - l.p) / (u - l.u), (s - l.s) / (u - l.u))
                }
                let (tp, ts) = slopes(truth), (fp, fs) = slopes(seg.direction)
                precisionResiduals.append(atan(fp) - atan(tp))
                XCTAssertEqual(atan(fp), atan(tp), accuracy: 1e-3, "precision-plane angle, station \(station.name)")
                XCTAssertEqual(atan(fs), atan(ts), accuracy: 5 * slopeSigmaS, "second-coordinate angle, station \(station.name)")
                XCTAssertGreaterThan(seg.direction.dot(seg.position), 0, "points away from the IP")
                XCTAssertEqual(seg.t0, 0, accuracy: 3 * 1.5 / Double(seg.digits.count).squareRoot())
                XCTAssertEqual(seg.ndf, 2 * seg.digits.count - 4)
            }
        }
        XCTAssertGreaterThanOrEqual(stationsCrossed, 16)
        let rms = (precisionResiduals.map { $0 * $0 }.reduce(0, +) / Double(precisionResiduals.count)).squareRoot()
        print("segment precision-plane angle r.m.s. \(rms * 1e3) mrad over \(precisionResiduals.count) segments")
    }

    /// A beam-halo muon: travelling along +z at r = 2 m with the proton bunch, from
    /// z = −20 m. It is where the bunch is, so its time at z is t = z/c (the bunch crosses
    /// the IP at t = 0), and t0 = t − √(z² + r²)/c = (z − √(z² + r²))/c: on the upstream
    /// (z < 0) side ≈ −2|z|/c, i.e. −50.2 ns at the inner end-cap wheel (z = −7.4 m) and
    /// −90.5 ns at the middle wheel (z = −13.5 m); downstream ≈ −r²/(2zc), −0.9 ns at
    /// z = +7.4 m. Its segments run parallel to the beam: |cos θ| > 0.99 (the second-
    /// coordinate slope error, 28 mrad, gives |cos θ| ≈ 0.9996; 0.99 allows 5 σ).
    func testBeamHaloMuonGivesEarlySegmentsParallelToTheBeam() {
        for k in 0..<4 {
            let r = 2_000.0, z0 = -20_000.0, phi = 0.3 + 1.5 * Double(k)
            var event = GenEvent(eventNumber: 50 + k)
            let p = 150.0
            let m = ParticleTable.pdg2024.massGeV(of: 13) ?? 0.10566
            let muon = event.addParticle(GenParticle(pdgID: 13, status: 1, momentum: FourVector(px: 0, py: 0, pz: p, e: (p * p + m * m).squareRoot()),
                                                     generatedMass: m))
            // Vertex time stored as c·t (mm): t = z0/c.
            event.addVertex(position: FourVector(px: r * cos(phi), py: r * sin(phi), pz: z0, e: z0), incoming: [], outgoing: [muon])
            let (_, raw) = process(event)
            XCTAssertFalse(raw.muonDigits.isEmpty)
            let segments = SegmentFinder()(raw, in: detector)
            var upstream = 0
            for seg in segments {
                XCTAssertGreaterThan(abs(seg.direction.z), 0.99, "parallel to the beam")
                let z = seg.position.z, rr = seg.position.perp
                let expected = (z - (z * z + rr * rr).squareRoot()) / speedOfLightMMPerNS
                print(String(format: "halo segment z = %.0f mm: t0 = %.1f ns (expected %.1f), |cos θ| = %.5f",
                             z, seg.t0, expected, abs(seg.direction.z)))
                XCTAssertEqual(seg.t0, expected, accuracy: 3 * 1.5 / Double(seg.digits.count).squareRoot(), "z = \(z)")
                if z < 0 {
                    upstream += 1
                    XCTAssertLessThan(seg.t0, -10)
                }
            }
            // Upstream wheels crossed from z = −20 m: EM (−13.5 m) and EI (−7.4 m, r = 1–4.5 m).
            XCTAssertEqual(upstream, 2, "event \(k)")
        }
    }

    /// Bad input: no digits, or a station with a single digit, or all digits on one layer,
    /// gives no segment.
    func testTooFewDigitsGiveNoSegment() {
        XCTAssertTrue(SegmentFinder()(RawEvent(), in: detector).isEmpty)
        let one = MuonDigit(surface: 0, position: Vector3(4_750, 0, 100), time: 16, truthParticle: 0)
        XCTAssertTrue(SegmentFinder()(RawEvent(muonDigits: [one]), in: detector).isEmpty)
        var sameLayer = one
        sameLayer.position.z = 400
        XCTAssertTrue(SegmentFinder()(RawEvent(muonDigits: [one, sameLayer]), in: detector).isEmpty)
        var otherLayer = one
        otherLayer.surface = 1
        otherLayer.position = Vector3(5_000, 0, 105)
        XCTAssertEqual(SegmentFinder()(RawEvent(muonDigits: [one, otherLayer]), in: detector).count, 1)
        // Bad surface index: skipped.
        var bad = one
        bad.surface = 9_999
        XCTAssertTrue(SegmentFinder()(RawEvent(muonDigits: [bad, bad]), in: detector).isEmpty)
    }

    /// A busy barrel station — four muons from the origin and twenty random digits on its three
    /// layers — gives, bit for bit, the segments of the plain search (every pair of digits
    /// against every other, afresh after each segment), which the finder shortens by keeping
    /// each pair's candidate until one of its digits is taken. A stale candidate kept by
    /// mistake would give another segment or other digits.
    func testKeptPairCandidatesGiveTheSegmentsOfAFreshSearch() {
        let stations = MuonStations.shared(for: detector)
        guard let station = stations.stations.first(where: { $0.isBarrel && $0.surfaces.count == 3 }) else {
            return XCTFail("no three-layer barrel station")
        }
        var rng = RandomStream(seed: 21, event: 0, stage: Simulation.stage)
        var digits: [MuonDigit] = []
        for k in 0..<4 {
            let phi = 0.30 + 0.004 * Double(k), cotTheta = 0.20 + 0.003 * Double(k)
            for s in station.surfaces {
                let r = detector.muonSurfaces[s].radiusOrZ
                digits.append(MuonDigit(surface: Int32(s), position: Vector3(r * cos(phi), r * sin(phi), r * cotTheta),
                                        time: Float(r / speedOfLightMMPerNS), truthParticle: Int32(k)))
            }
        }
        for _ in 0..<20 {
            let s = station.surfaces[Int(rng.uniform01() * 3) % 3]
            let r = detector.muonSurfaces[s].radiusOrZ
            let phi = 0.29 + 0.03 * rng.uniform01(), z = r * (0.19 + 0.03 * rng.uniform01())
            digits.append(MuonDigit(surface: Int32(s), position: Vector3(r * cos(phi), r * sin(phi), z),
                                    time: 20, truthParticle: -1))
        }
        let raw = RawEvent(muonDigits: digits)
        let finder = SegmentFinder()
        let found = finder(raw, in: detector)
        let reference = Self.freshSearch(finder, station: station, digits: (0..<Int32(digits.count)).map { $0 },
                                         raw: raw, detector: detector)
        XCTAssertGreaterThanOrEqual(reference.count, 4)
        XCTAssertEqual(found.count, reference.count)
        for (a, b) in zip(found, reference) {
            XCTAssertEqual(a.digits, b.digits)
            XCTAssertEqual(a.chi2, b.chi2)
            XCTAssertEqual(a.position, b.position)
            XCTAssertEqual(a.direction, b.direction)
        }
    }

    /// The segment search without kept candidates: for every pair, the road through all
    /// unused digits, again after each segment found.
    static func freshSearch(_ finder: SegmentFinder, station: MuonStations.Station, digits: [Int32], raw: RawEvent,
                            detector: Detector) -> [MuonSegment] {
        let frame = StationFrame(station: station, digits: digits.map { raw.muonDigits[Int($0)].position }, detector: detector)
        let response = detector.muonSurfaces[station.surfaces[0]].response
        let sigmaP = response.precisionResolutionUM * um, sigmaS = response.secondCoordinateResolutionMM * mm
        let points: [LocalDigit] = digits.map { i in
            let d = raw.muonDigits[Int(i)]
            let (u, p, s) = frame.local(d.position)
            return LocalDigit(index: i, layer: station.layerOfSurface[Int(d.surface)] ?? 0, u: u, p: p, s: s)
        }
        let layers = station.surfaces.count
        var unused = Array(points.indices)
        var out: [MuonSegment] = []
        while unused.count >= finder.config.minimumDigits {
            var bestFit: LineFit?
            var bestMembers: [Int] = []
            for a in unused {
                for b in unused where points[b].layer > points[a].layer {
                    let pa = points[a], pb = points[b]
                    let du = pb.u - pa.u
                    guard abs(du) > 1e-9 else { continue }
                    var closest = [Int](repeating: -1, count: layers), closestD2 = [Double](repeating: 0, count: layers)
                    for c in unused {
                        let pc = points[c]
                        let t = (pc.u - pa.u) / du
                        let rp = (pc.p - (pa.p + t * (pb.p - pa.p))) / sigmaP
                        let rs = (pc.s - (pa.s + t * (pb.s - pa.s))) / sigmaS
                        let road = c == a || c == b ? 0 : finder.config.roadSigmas * (1 + abs(t) + abs(1 - t))
                        guard abs(rp) <= road, abs(rs) <= road else { continue }
                        let d2 = rp * rp + rs * rs
                        if closest[pc.layer] >= 0, closestD2[pc.layer] <= d2 { continue }
                        closest[pc.layer] = c
                        closestD2[pc.layer] = d2
                    }
                    let members = closest.filter { $0 >= 0 }.sorted()
                    guard members.count >= finder.config.minimumDigits, members.count >= bestMembers.count else { continue }
                    guard let fit = LineFit(points, members: members, sigmaP: sigmaP, sigmaS: sigmaS) else { continue }
                    if let cur = bestFit, members.count == bestMembers.count && fit.chi2 >= cur.chi2 { continue }
                    bestFit = fit
                    bestMembers = members
                }
            }
            guard let found = bestFit else { break }
            out.append(finder.segment(found, digits: bestMembers.map { points[$0] }, station: station, frame: frame, raw: raw))
            unused.removeAll { bestMembers.contains($0) }
        }
        return out
    }
}
