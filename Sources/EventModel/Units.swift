/// Native units, declared once (as in ACTS): energy in GeV, length in mm, time in ns,
/// c = 1 for momenta and masses. Write a quantity as `0.5 * GeV` or `33.25 * mm`;
/// divide by a unit to read it out in that unit (`e / MeV`).
public let GeV: Double = 1.0
public let MeV: Double = 1.0e-3
public let keV: Double = 1.0e-6
public let TeV: Double = 1.0e3

public let mm: Double = 1.0
public let um: Double = 1.0e-3
public let cm: Double = 10.0
public let m: Double = 1.0e3

public let ns: Double = 1.0
public let ps: Double = 1.0e-3

public let tesla: Double = 1.0

/// Speed of light in mm/ns: converts a time in ns to a length in mm (c·t), as HepMC3
/// stores vertex times in mm/c.
public let speedOfLightMMPerNS: Double = 299.792458
