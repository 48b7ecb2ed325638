import Foundation
import EventModel
import Detector
import Digitization

/// Track finding and fitting in the silicon tracker: space points (``SpacePoint``), triplet
/// seeds (``SeedFinder``), Kalman following and fit (``TrackFollower``), ambiguity
/// resolution (``AmbiguitySolver``), truth matching. A pure function of the event and the
/// detector; no random numbers.
///
/// ```swift
/// let result = TrackFinder()(raw, in: detector)
/// let vertices = VertexFinder()(result.tracks)
/// ```
public struct TrackFinder: Sendable {
    public var config: TrackingConfig

    public init(config: TrackingConfig = TrackingConfig()) {
        self.config = config
    }

    public func callAsFunction(_ raw: RawEvent, in detector: Detector) -> TrackingResult {
        var stats = TrackingStats()
        let ec = EventClusters(raw.trackerClusters, detector: detector)
        stats.badClusters = ec.badClusters
        let sps = SpacePoint.build(ec, detector: detector)
        stats.spacePoints = sps.count
        guard sps.count >= 3 else { return TrackingResult(tracks: [], stats: stats) }

        let layers = SeedingLayersCache.shared.layers(for: detector, zRangeMM: config.beamSpotSigmaZmm * config.collisionRegionSigmas + 10,
                                                      bottomSkipsSurface: config.seedBottomMaySkipSurface)
        let finder = SeedFinder(config: config, layers: layers, fieldTesla: detector.fieldTesla)
        var seeds = finder.seeds(sps, detector: detector)
        stats.seeds = seeds.count
        // Pixel seeds first (best measured), then by quality; ties by index for a stable order.
        seeds.sort { a, b in
            if a.confirmed != b.confirmed { return a.confirmed }
            if a.isPixelSeed != b.isPixelSeed { return a.isPixelSeed }
            if a.quality != b.quality { return a.quality < b.quality }
            return (a.middle, a.bottom, a.top) < (b.middle, b.bottom, b.top)
        }

        let zRangeMM = config.beamSpotSigmaZmm * config.collisionRegionSigmas
        let follower = TrackFollower(config: config, detector: detector, geometry: TrackingGeometry(detector), clusters: ec)
        var used = [Bool](repeating: false, count: raw.trackerClusters.count)
        // Clusters of candidates followed in full and found short of the hit cut. A seed whose
        // three points all lie on these (or on accepted candidates) starts on the same helix:
        // following it finds the same few clusters again.
        var onShort = [Bool](repeating: false, count: raw.trackerClusters.count)
        func markShort(_ steps: [CandidateStep]) {
            for step in steps { for c in step.clusters { onShort[Int(c)] = true } }
        }
        var candidates: [Track] = []
        let truthOf: (Int32) -> Int32 = { raw.trackerClusters[Int($0)].truthParticle }
        for seed in seeds {
            // A seed with two of its points on an accepted candidate adds nothing new.
            var usedPoints = 0, coveredPoints = 0
            let points: InlineArray<3, Int32> = [seed.bottom, seed.middle, seed.top]
            for k in 0..<3 {
                let c = Int(sps[Int(points[k])].cluster0)
                if used[c] { usedPoints += 1 }
                if used[c] || onShort[c] { coveredPoints += 1 }
            }
            if usedPoints >= 2 || coveredPoints == 3 { continue }
            do {
                let followed = try follower.follow(seed, sps)
                stats.candidates += 1
                // The inward pass adds at most a few clusters inside the seed: a candidate far
                // short of the hit cut is not worth fitting.
                let hits = followed.steps.reduce(0) { $0 + $1.clusters.count }
                guard hits + 3 >= config.minSiliconHits else { markShort(followed.steps); continue }
                // The outward filter already measures the momentum: a candidate whose pT is
                // below the track cut by more than 3σ is not worth the inward fit.
                let qop = abs(followed.par.qOverP), sigmaQop = followed.cov[4, 4].squareRoot()
                if sin(followed.par.theta) / config.minTrackPtGeV < qop - 3 * sigmaQop {
                    // A real particle below the cut (enough clusters on one helix): its
                    // clusters are marked so that its other seeds are not followed again.
                    for step in followed.steps { for c in step.clusters { used[Int(c)] = true } }
                    stats.rejectedLowPt += 1
                    continue
                }
                // Nor one that cannot reach it with every sensor side inside its first cluster
                // (none inside the innermost layer): the fit would fail the hit cut.
                let b = sps[Int(seed.bottom)]
                let inside = follower.geometry.maxClustersInside(r: b.r, z: b.z, own: Int(b.surface), zRangeMM: zRangeMM)
                guard hits + inside >= config.minSiliconHits else { markShort(followed.steps); continue }
                let track = try follower.fit(followed.steps, lastPar: followed.par, lastCov: followed.cov, truthOf: truthOf)
                guard passesQuality(track) else { continue }
                stats.fitted += 1
                for c in track.clusters { used[Int(c)] = true }
                candidates.append(track)
            } catch FitFailure.singular {
                stats.failedFits += 1
            } catch {
                continue
            }
        }
        let resolved = AmbiguitySolver(maxSharedHits: config.maxSharedHits)(candidates, clusterCount: raw.trackerClusters.count)
        stats.rejectedAmbiguity = candidates.count - resolved.count
        // TRT extension and refit (TRTExtension.swift); nil without a TRT or straw hits.
        if let trt = TRTExtension(config: config.trt, detector: detector, geometry: follower.geometry, clusters: ec,
                                  digits: raw.strawDigits) {
            let tracks = trt.extend(resolved, stats: &stats)
            return TrackingResult(tracks: tracks, stats: stats)
        }
        return TrackingResult(tracks: resolved, stats: stats)
    }

    func passesQuality(_ t: Track) -> Bool {
        t.ndf >= 1 && t.pixelHits + t.stripHits >= config.minSiliconHits && t.holes <= config.maxHoles
            && t.pt >= config.minTrackPtGeV && t.chi2PerNDF <= config.maxChi2PerNDF
            && abs(t.parameters.eta) <= config.maxAbsEta
    }
}
