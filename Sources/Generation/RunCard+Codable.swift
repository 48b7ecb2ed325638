// Card keys are snake_case with units; Swift names are camelCase. Each section decodes
// with `decodeIfPresent(...) ?? default` so that every key is optional, and the TOML
// decoder runs in strict mode so that a key we do not know is an error, not ignored.

extension RunCard {
    enum CodingKeys: String, CodingKey { case run, generation, gun, detector }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RunCard()
        run = try c.decodeIfPresent(RunSection.self, forKey: .run) ?? d.run
        generation = try c.decodeIfPresent(GenerationSection.self, forKey: .generation) ?? d.generation
        gun = try c.decodeIfPresent(GunSection.self, forKey: .gun) ?? d.gun
        detector = try c.decodeIfPresent(DetectorSection.self, forKey: .detector) ?? d.detector
    }
}

extension RunCard.RunSection {
    enum CodingKeys: String, CodingKey {
        case number, seed
        case workDir = "work_dir"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        number = try c.value(Int.self, .number) ?? d.number
        // TOML integers are signed 64-bit; a seed is any non-negative one.
        if let s = try c.value(Int64.self, .seed) {
            guard s >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "the seed must be ≥ 0, found \(s)")
            }
            seed = UInt64(s)
        } else {
            seed = d.seed
        }
        workDir = try c.value(String.self, .workDir) ?? d.workDir
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(Int64(bitPattern: seed), forKey: .seed)
        try c.encode(workDir, forKey: .workDir)
    }
}

extension RunCard.GenerationSection {
    enum CodingKeys: String, CodingKey {
        case process
        case sqrtSGeV = "sqrt_s_gev"
        case mediatorMassGeV = "mediator_mass_gev"
        case mediatorWidthGeV = "mediator_width_gev"
        case scalarMassGeV = "scalar_mass_gev"
        case scalarCtauMM = "scalar_ctau_mm"
        case scalarDecays = "scalar_decays"
        case wDecays = "w_decays"
        case pthatMinGeV = "pthat_min_gev"
        case underlyingEvent = "underlying_event"
        case pileupMu = "pileup_mu"
        case beamspotSigmaZMM = "beamspot_sigma_z_mm"
        case pileupReuse = "pileup_reuse"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        process = try c.value(RunCard.Process.self, .process) ?? d.process
        sqrtSGeV = try c.decodeNumber(.sqrtSGeV) ?? d.sqrtSGeV
        mediatorMassGeV = try c.decodeNumber(.mediatorMassGeV) ?? d.mediatorMassGeV
        mediatorWidthGeV = try c.decodeNumber(.mediatorWidthGeV) ?? d.mediatorWidthGeV
        scalarMassGeV = try c.decodeNumber(.scalarMassGeV) ?? d.scalarMassGeV
        scalarCtauMM = try c.decodeNumber(.scalarCtauMM) ?? d.scalarCtauMM
        scalarDecays = try c.decodeIfPresent(RunCard.ScalarDecays.self, forKey: .scalarDecays) ?? d.scalarDecays
        wDecays = try c.value([String].self, .wDecays) ?? d.wDecays
        pthatMinGeV = try c.decodeNumber(.pthatMinGeV) ?? d.pthatMinGeV
        underlyingEvent = try c.value(Bool.self, .underlyingEvent) ?? d.underlyingEvent
        pileupMu = try c.decodeNumber(.pileupMu) ?? d.pileupMu
        beamspotSigmaZMM = try c.decodeNumber(.beamspotSigmaZMM) ?? d.beamspotSigmaZMM
        pileupReuse = try c.decodeNumber(.pileupReuse) ?? d.pileupReuse
    }
}

extension RunCard.ScalarDecays {
    enum CodingKeys: String, CodingKey { case bb, cc, tautau }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // A table given at all lists the modes it wants: modes left out are 0.
        bb = try c.decodeNumber(.bb) ?? 0
        cc = try c.decodeNumber(.cc) ?? 0
        tautau = try c.decodeNumber(.tautau) ?? 0
    }
}

extension RunCard.GunSection {
    enum CodingKeys: String, CodingKey {
        case pdgId = "pdg_id"
        case energyGeV = "energy_gev"
        case eta, phi
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        pdgId = try c.value(Int.self, .pdgId) ?? d.pdgId
        energyGeV = try c.decodeRange(.energyGeV) ?? d.energyGeV
        eta = try c.decodeRange(.eta) ?? d.eta
        phi = try c.decodeRange(.phi) ?? d.phi
    }
}

extension RunCard.DetectorSection {
    enum CodingKeys: String, CodingKey { case card }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        card = try c.value(String.self, .card) ?? Self().card
    }
}

extension KeyedDecodingContainer {
    /// An optional leaf value; a value of the wrong type names the key and the type wanted
    /// (TOMLKit would report it as a missing key).
    func value<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard contains(key) else { return nil }
        do {
            return try decode(T.self, forKey: key)
        } catch let e as DecodingError {
            if case .dataCorrupted = e { throw e }
            throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath + [key], debugDescription: "wrong type"))
        }
    }

    /// A real number that the user may have written as a TOML integer (`13000`) or float.
    func decodeNumber(_ key: Key) throws -> Double? {
        guard contains(key) else { return nil }
        if let i = try? decode(Int.self, forKey: key) { return Double(i) }
        return try value(Double.self, key)
    }

    /// A `[low, high]` pair of numbers.
    func decodeRange(_ key: Key) throws -> [Double]? {
        guard contains(key) else { return nil }
        var list = try nestedUnkeyedContainer(forKey: key)
        var values: [Double] = []
        while !list.isAtEnd {
            if let i = try? list.decode(Int.self) {
                values.append(Double(i))
            } else if let x = try? list.decode(Double.self) {
                values.append(x)
            } else {
                throw DecodingError.typeMismatch([Double].self, .init(codingPath: codingPath + [key], debugDescription: "wrong type"))
            }
        }
        guard values.count == 2, values[0] <= values[1] else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                debugDescription: "expected [low, high] with low ≤ high, found \(values)")
        }
        return values
    }
}
