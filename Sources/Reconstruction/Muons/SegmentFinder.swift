import Foundation
import EventModel
import Detector
import Digitization

/// Settings of the muon segment finder.
public struct SegmentFinderConfig: Sendable, Hashable {
    /// Fewest digits (on distinct layers) a segment needs: two fix a straight line.
    public var minimumDigits = 2
    /// Road around the line through two digits in which a digit of another layer joins,
    /// in units of its resolution (precision and second coordinate separately).
    public var roadSigmas = 6.0
    /// Stations with more digits than this are skipped (a pathological event): the search
    /// tries every pair of digits against every other, n³ per segment found.
    public var maximumDigitsPerStation = 64

    public init() {}
}

/// Fits straight-line segments to the digits of each muon station.
///
/// A station is the set of ``Detector/muonSurfaces`` that share a name (`"BI"`, `"EIA"` …):
/// its layers, ordered by radius (barrel) or |z| (end-cap). In each station, lines through
/// pairs of digits on different layers (widest lever arm first) collect the digits of the
/// other layers inside a road; the candidate with most digits (then least χ²) becomes a
/// segment and its digits are removed; repeat. The fit is two weighted straight-line fits in
/// the station frame: depth u (radius for a barrel station, z for an end-cap one), the
/// precision coordinate (z, resp. r) and the second coordinate (r·φ), each with the
/// station's resolution. χ² and ndf = 2 n − 4 from both.
///
/// t0 is the mean over the segment's digits of time − |x|/c: zero for a particle from the
/// interaction point at the speed of light, negative for a beam-halo muon arriving ahead of
/// the collision products (on the upstream side, ≈ −2|z|/c).
///
/// A station with a single layer gives no segments (a single point has no direction).
public struct SegmentFinder: Sendable {
    public var config: SegmentFinderConfig

    public init(config: SegmentFinderConfig = SegmentFinderConfig()) { self.config = config }

    /// Segments ordered by station, then by number of digits (descending).
    public func callAsFunction(_ raw: RawEvent, in detector: Detector) -> [MuonSegment] {
        guard raw.muonDigits.count >= config.minimumDigits else { return [] }
        let stations = MuonStations.shared(for: detector)
        var byStation = [[Int32]](repeating: [], count: stations.stations.count)
        for (i, d) in raw.muonDigits.enumerated() {
            let s = Int(d.surface)
            guard s >= 0, s < stations.stationOfSurface.count else { continue }
            byStation[stations.stationOfSurface[s]].append(Int32(i))
        }
        var out: [MuonSegment] = []
        for (k, digits) in byStation.enumerated()
        where digits.count >= config.minimumDigits && digits.count <= config.maximumDigitsPerStation {
            out += segments(in: stations.stations[k], digits: digits, raw: raw, detector: detector)
        }
        return out
    }

    func segments(in station: MuonStations.Station, digits: [Int32], raw: RawEvent, detector: Detector) -> [MuonSegment] {
        let frame = StationFrame(station: station, digits: digits.map { raw.muonDigits[Int($0)].position }, detector: detector)
        let response = detector.muonSurfaces[station.surfaces[0]].response
        let sigmaP = response.precisionResolutionUM * um, sigmaS = response.secondCoordinateResolutionMM * mm
        let points: [LocalDigit] = digits.map { i in
            let d = raw.muonDigits[Int(i)]
            let (u, p, s) = frame.local(d.position)
            return LocalDigit(index: i, layer: station.layerOfSurface[Int(d.surface)] ?? 0, u: u, p: p, s: s)
        }
        var unused = Array(points.indices)
        var out: [MuonSegment] = []
        // Per-pair scratch, reused: the closest digit on each layer (index −1: none) and its
        // distance², the candidate's members, and the best candidate so far.
        let layers = station.surfaces.count
        var closest = [(index: Int, d2: Double)](repeating: (-1, 0), count: layers)
        var bestMembers: [Int] = []
        bestMembers.reserveCapacity(layers)
        // The candidate of each pair (a, b) of digits, kept from one segment to the next: after
        // a segment's digits are removed, a pair whose own candidate holds none of them has the
        // same candidate (on each layer the closest digit, the first met among equals, is still
        // there and still first), so only the others are searched again. Per pair a · n + b:
        // the member count (−1: not searched yet; −2: no line, a and b at the same depth), the
        // members (sorted, `layers` slots), and the fit once needed.
        let np = points.count
        var pairCount = [Int16](repeating: -1, count: np * np)
        var pairMembers = [Int32](repeating: 0, count: np * np * layers)
        // Index into `fits` (−1: not fitted yet, −2: no fit).
        var pairFit = [Int32](repeating: -1, count: np * np)
        var fits: [LineFit] = []
        var removed = [Bool](repeating: false, count: np)
        var members: [Int] = []
        members.reserveCapacity(layers)
        // The unused digits in `unused` order, contiguous (the road loop reads them n³ times).
        var road: [LocalDigit] = []
        road.reserveCapacity(np)
        let roadSigmas = config.roadSigmas
        while unused.count >= config.minimumDigits {
            var bestFit: LineFit?
            bestMembers.removeAll(keepingCapacity: true)
            road.removeAll(keepingCapacity: true)
            for i in unused { road.append(points[i]) }
            let m = unused.count
            road.withUnsafeBufferPointer { road in
            closest.withUnsafeMutableBufferPointer { closest in
                for a in 0..<m {
                    let ua = road[a].u, pa = road[a].p, sa = road[a].s, la = road[a].layer
                    let pointA = unused[a]
                    for b in 0..<m where road[b].layer > la {
                        let key = pointA * np + unused[b]
                        var count = Int(pairCount[key])
                        if count >= 0 {
                            for k in 0..<count where removed[Int(pairMembers[key * layers + k])] { count = -1; break }
                        }
                        if count == -2 { continue }
                        if count < 0 {
                            let du = road[b].u - ua
                            guard abs(du) > 1e-9 else { pairCount[key] = -2; continue }
                            let dp = road[b].p - pa, ds = road[b].s - sa
                            // Line through a and b; on each layer, the closest digit inside the
                            // road (the first one met among equals). Positions c in `unused`.
                            for l in 0..<layers { closest[l].index = -1 }
                            for c in 0..<m {
                                let pc = road[c]
                                let t = (pc.u - ua) / du
                                let rp = (pc.p - (pa + t * dp)) / sigmaP
                                let rs = (pc.s - (sa + t * ds)) / sigmaS
                                let width = c == a || c == b ? 0 : roadSigmas * (1 + abs(t) + abs(1 - t))
                                guard abs(rp) <= width, abs(rs) <= width else { continue }
                                let d2 = rp * rp + rs * rs
                                if closest[pc.layer].index >= 0, closest[pc.layer].d2 <= d2 { continue }
                                closest[pc.layer] = (c, d2)
                            }
                            members.removeAll(keepingCapacity: true)
                            for l in 0..<layers where closest[l].index >= 0 { members.append(unused[closest[l].index]) }
                            members.sort()
                            count = members.count
                            pairCount[key] = Int16(count)
                            for k in 0..<count { pairMembers[key * layers + k] = Int32(members[k]) }
                            pairFit[key] = -1
                        }
                        // Fewer digits than the best candidate: it cannot win, whatever its fit.
                        guard count >= config.minimumDigits, count >= bestMembers.count else { continue }
                        if pairFit[key] == -1 {
                            members.removeAll(keepingCapacity: true)
                            for k in 0..<count { members.append(Int(pairMembers[key * layers + k])) }
                            if let fit = LineFit(points, members: members, sigmaP: sigmaP, sigmaS: sigmaS) {
                                pairFit[key] = Int32(fits.count)
                                fits.append(fit)
                            } else {
                                pairFit[key] = -2
                            }
                        }
                        guard pairFit[key] >= 0 else { continue }
                        let fit = fits[Int(pairFit[key])]
                        if let cur = bestFit, count == bestMembers.count && fit.chi2 >= cur.chi2 { continue }
                        bestFit = fit
                        bestMembers.removeAll(keepingCapacity: true)
                        for k in 0..<count { bestMembers.append(Int(pairMembers[key * layers + k])) }
                    }
                }
            }
            }
            guard let found = bestFit else { break }
            out.append(segment(found, digits: bestMembers.map { points[$0] }, station: station, frame: frame, raw: raw))
            for i in bestMembers { removed[i] = true }
            unused.removeAll { removed[$0] }
        }
        return out
    }

    func segment(_ fit: LineFit, digits: [LocalDigit], station: MuonStations.Station, frame: StationFrame,
                 raw: RawEvent) -> MuonSegment {
        let position = frame.global(u: fit.uMean, p: fit.p0, s: fit.s0)
        var direction = frame.globalDirection(dp: fit.slopeP, ds: fit.slopeS)
        if direction.dot(position) < 0 { direction = -direction }
        var t0 = 0.0
        for d in digits {
            let digit = raw.muonDigits[Int(d.index)]
            t0 += Double(digit.time) - digit.position.mag / speedOfLightMMPerNS
        }
        t0 /= Double(digits.count)
        return MuonSegment(position: position, direction: direction, chi2: fit.chi2, ndf: 2 * digits.count - 4, t0: t0,
                           station: station.surfaces[0], digits: digits.map(\.index).sorted())
    }
}

/// A digit in its station's frame: depth u, precision coordinate p, second coordinate s (mm).
struct LocalDigit {
    var index: Int32
    var layer: Int
    var u: Double
    var p: Double
    var s: Double
}

/// The frame of one station in one event: for a barrel station, u along the radial unit
/// vector at the digits' mean φ, p = z, s along φ; for an end-cap station, u = z, p along
/// the radial unit vector at the mean φ, s along φ.
struct StationFrame {
    var isBarrel: Bool
    var radial: Vector3
    var transverse: Vector3

    init(station: MuonStations.Station, digits: [Vector3], detector: Detector) {
        isBarrel = station.isBarrel
        var cx = 0.0, cy = 0.0
        for d in digits {
            let r = d.perp
            if r > 0 { cx += d.x / r; cy += d.y / r }
        }
        let phi = (cx == 0 && cy == 0) ? 0 : atan2(cy, cx)
        radial = Vector3(cos(phi), sin(phi), 0)
        transverse = Vector3(-sin(phi), cos(phi), 0)
    }

    func local(_ x: Vector3) -> (u: Double, p: Double, s: Double) {
        isBarrel ? (x.dot(radial), x.z, x.dot(transverse)) : (x.z, x.dot(radial), x.dot(transverse))
    }

    func global(u: Double, p: Double, s: Double) -> Vector3 {
        isBarrel ? radial * u + Vector3(0, 0, p) + transverse * s : Vector3(0, 0, u) + radial * p + transverse * s
    }

    /// Unit direction of the line with dp/du = dp, ds/du = ds.
    func globalDirection(dp: Double, ds: Double) -> Vector3 {
        let v = isBarrel ? radial + Vector3(0, 0, dp) + transverse * ds : Vector3(0, 0, 1) + radial * dp + transverse * ds
        return v.unit
    }
}

/// Two independent weighted least-squares lines p(u) = p0 + slopeP (u − ū) and
/// s(u) = s0 + slopeS (u − ū) (equal weights within each coordinate, so ū is the mean depth).
struct LineFit {
    var uMean: Double
    var p0: Double
    var slopeP: Double
    var s0: Double
    var slopeS: Double
    var chi2: Double

    init?(_ digits: [LocalDigit], sigmaP: Double, sigmaS: Double) {
        self.init(digits, members: Array(digits.indices), sigmaP: sigmaP, sigmaS: sigmaS)
    }

    /// The fit to `points[members]`, summed in the order of `members`.
    init?(_ points: [LocalDigit], members: [Int], sigmaP: Double, sigmaS: Double) {
        let n = Double(members.count)
        guard members.count >= 2 else { return nil }
        var uSum = 0.0, pSum = 0.0, sSum = 0.0
        for m in members {
            uSum += points[m].u
            pSum += points[m].p
            sSum += points[m].s
        }
        let uMean = uSum / n, pMean = pSum / n, sMean = sSum / n
        var suu = 0.0, sup = 0.0, sus = 0.0
        for m in members {
            let d = points[m]
            let du = d.u - uMean
            suu += du * du
            sup += du * (d.p - pMean)
            sus += du * (d.s - sMean)
        }
        guard suu > 1e-12 else { return nil }   // all on one layer: no direction
        self.uMean = uMean
        p0 = pMean
        s0 = sMean
        slopeP = sup / suu
        slopeS = sus / suu
        var chi2 = 0.0
        for m in members {
            let d = points[m]
            let du = d.u - uMean
            let rp = (d.p - pMean - slopeP * du) / sigmaP
            let rs = (d.s - sMean - slopeS * du) / sigmaS
            chi2 += rp * rp + rs * rs
        }
        self.chi2 = chi2
    }
}

/// The stations of a detector: surfaces grouped by name, layers ordered by depth.
struct MuonStations: Sendable {
    struct Station: Sendable {
        var name: String
        var isBarrel: Bool
        /// Surface indices, innermost first.
        var surfaces: [Int]
        /// Surface index → layer number.
        var layerOfSurface: [Int: Int]
    }

    var stations: [Station]
    var stationOfSurface: [Int]

    init(detector: Detector) {
        var order: [String] = []
        var groups: [String: [MuonSurface]] = [:]
        for s in detector.muonSurfaces {
            if groups[s.name] == nil { order.append(s.name) }
            groups[s.name, default: []].append(s)
        }
        var stationOfSurface = [Int](repeating: 0, count: detector.muonSurfaces.count)
        stations = order.enumerated().map { k, name in
            let members = groups[name]!.sorted { abs($0.radiusOrZ) < abs($1.radiusOrZ) }
            for m in members { stationOfSurface[m.index] = k }
            return Station(name: name, isBarrel: members[0].isBarrel, surfaces: members.map(\.index),
                           layerOfSurface: Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.index, $0) }))
        }
        self.stationOfSurface = stationOfSurface
    }

    private static let cache = MuonStationCache()
    static func shared(for detector: Detector) -> MuonStations { cache.stations(for: detector) }
}

private final class MuonStationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [([MuonSurface], MuonStations)] = []

    func stations(for detector: Detector) -> MuonStations {
        lock.lock()
        defer { lock.unlock() }
        if let hit = entries.first(where: { $0.0 == detector.muonSurfaces }) { return hit.1 }
        let built = MuonStations(detector: detector)
        if entries.count >= 4 { entries.removeFirst() }
        entries.append((detector.muonSurfaces, built))
        return built
    }
}

extension MuonSurface {
    var isBarrel: Bool { if case .cylinder = shape { return true } else { return false } }
    /// Radius of a cylinder, signed z of a disc.
    var radiusOrZ: Double {
        switch shape {
        case let .cylinder(r, _): return r
        case let .disc(z, _, _): return z
        }
    }
}
