import Foundation

extension TrackingSurface {
    /// A straw layer as a surface the propagator can reach: no material, no silicon read-out.
    init(strawLayer index: Int, cylinderRadius r: Double, halfLength: Double) {
        self.index = index
        isBarrel = true
        radiusOrZ = r
        halfLengthMM = halfLength
        rMinMM = 0
        rMaxMM = r
        thicknessX0 = 0
        isActive = false
        isPixel = false
        sides = 0
    }

    init(strawLayer index: Int, discZ z: Double, rMin: Double, rMax: Double) {
        self.index = index
        isBarrel = false
        radiusOrZ = z
        halfLengthMM = 0
        rMinMM = rMin
        rMaxMM = rMax
        thicknessX0 = 0
        isActive = false
        isPixel = false
        sides = 0
    }
}

extension TrackingGeometry {
    /// The silicon geometry plus straw-layer surfaces appended after its surfaces: the
    /// propagator can reach them by index, while the navigation (``next(_:inward:)``) still
    /// sees only the tracker's own surfaces.
    init(base: TrackingGeometry, strawSurfaces: [TrackingSurface]) {
        surfaces = base.surfaces + strawSurfaces
        barrel = base.barrel
        discs = base.discs
        barrelRadii = base.barrelRadii
        discZ = base.discZ
        maxActiveRadius = base.maxActiveRadius
    }
}
