import Foundation
import TOMLKit

/// A run card that cannot be used, with where and why: the file, the key path
/// (`generation.scalar_mass_gev`) or the line, and what was expected.
public struct RunCardError: Error, CustomStringConvertible, Equatable {
    /// The card file, or `<string>` for a card given inline.
    public var source: String
    /// Dotted key path, empty when the problem is not tied to one key.
    public var key: String
    public var message: String

    public var description: String {
        key.isEmpty ? "\(source): \(message)" : "\(source): [\(key)] \(message)"
    }
}

extension RunCard {
    /// Reads a card from a TOML file.
    public static func load(path: String) throws -> RunCard {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RunCardError(source: path, key: "", message: "cannot read the run card: \(error.localizedDescription)")
        }
        return try RunCard(toml: text, source: path)
    }

    /// Parses a card from TOML text, rejecting unknown keys and wrong types, then checks
    /// that the physics makes sense (`validate()`).
    public init(toml: String, source: String = "<string>") throws {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: toml)
        } catch let e as TOMLParseError {
            throw RunCardError(source: source, key: "",
                               message: "line \(e.source.begin.line), column \(e.source.begin.column): TOML syntax error: \(e.description)")
        }
        do {
            self = try TOMLDecoder(strictDecoding: true).decode(RunCard.self, from: table)
        } catch let e as UnexpectedKeysError {
            let keys = e.keys.values.map { path in path.map(\.stringValue).joined(separator: ".") }.sorted()
            throw RunCardError(source: source, key: keys.first ?? "",
                               message: "unknown key" + (keys.count > 1 ? "s " + keys.joined(separator: ", ") : "")
                                   + "; see `genreco card` for every key the card takes")
        } catch let e as DecodingError {
            throw Self.describe(e, source: source)
        }
        try validate(source: source)
    }

    /// Physics sanity, checked before any event is made.
    public func validate(source: String = "<string>") throws {
        func fail(_ key: String, _ message: String) -> RunCardError {
            RunCardError(source: source, key: key, message: message)
        }
        let g = generation
        if g.sqrtSGeV <= 0 { throw fail("generation.sqrt_s_gev", "must be > 0, found \(g.sqrtSGeV)") }
        if g.mediatorMassGeV <= 0 { throw fail("generation.mediator_mass_gev", "must be > 0, found \(g.mediatorMassGeV)") }
        if g.mediatorWidthGeV < 0 { throw fail("generation.mediator_width_gev", "must be ≥ 0, found \(g.mediatorWidthGeV)") }
        if g.scalarMassGeV <= 0 { throw fail("generation.scalar_mass_gev", "must be > 0, found \(g.scalarMassGeV)") }
        if 2 * g.scalarMassGeV >= g.mediatorMassGeV {
            throw fail("generation.scalar_mass_gev",
                       "Φ → s s needs m_s < m_Φ/2 = \(g.mediatorMassGeV / 2) GeV, found m_s = \(g.scalarMassGeV) GeV")
        }
        if g.scalarCtauMM < 0 { throw fail("generation.scalar_ctau_mm", "must be ≥ 0, found \(g.scalarCtauMM)") }
        let bf = g.scalarDecays
        for (name, v) in [("bb", bf.bb), ("cc", bf.cc), ("tautau", bf.tautau)] where v < 0 {
            throw fail("generation.scalar_decays.\(name)", "a branching fraction must be ≥ 0, found \(v)")
        }
        let sum = bf.bb + bf.cc + bf.tautau
        if abs(sum - 1) > 1e-9 {
            throw fail("generation.scalar_decays", "branching fractions must add up to 1, they add up to \(sum)")
        }
        for w in g.wDecays where !["e", "mu"].contains(w) {
            throw fail("generation.w_decays", "unknown W decay \"\(w)\"; expected \"e\" or \"mu\"")
        }
        if g.pileupMu < 0 { throw fail("generation.pileup_mu", "must be ≥ 0, found \(g.pileupMu)") }
        if g.beamspotSigmaZMM < 0 { throw fail("generation.beamspot_sigma_z_mm", "must be ≥ 0, found \(g.beamspotSigmaZMM)") }
        if !(g.pileupReuse >= 1 && g.pileupReuse.isFinite) {
            throw fail("generation.pileup_reuse", "must be a number ≥ 1, found \(g.pileupReuse)")
        }
        // A shared collision must sit at its own vertex: at z = c·t = 0 its particles would
        // be placed at the hard event's vertex, which differs from event to event.
        if g.pileupReuse > 1, g.pileupMu > 0, !(g.beamspotSigmaZMM > 0) {
            throw fail("generation.pileup_reuse", "shared pile-up (> 1, the default is \(String(format: "%g", GenerationSection().pileupReuse))) needs beamspot_sigma_z_mm > 0; pileup_reuse = 1 gives every event collisions of its own")
        }
        if g.pthatMinGeV < 0 { throw fail("generation.pthat_min_gev", "must be ≥ 0, found \(g.pthatMinGeV)") }
        if g.process == .dijet, !(g.pthatMinGeV > 0) {
            throw fail("generation.pthat_min_gev", "dijet needs a p⊥-hat minimum > 0 GeV, found \(g.pthatMinGeV)")
        }
        if g.process == .dijet, 2 * g.pthatMinGeV >= g.sqrtSGeV {
            throw fail("generation.pthat_min_gev", "must be below √s/2 = \(g.sqrtSGeV / 2) GeV, found \(g.pthatMinGeV)")
        }
        if g.process == .hssWH, g.wDecays.isEmpty {
            throw fail("generation.w_decays", "hss-wh needs at least one W decay: \"e\", \"mu\"")
        }
        if g.mediatorWidthGeV.isNaN || g.scalarCtauMM.isNaN || g.pileupMu.isNaN || !g.sqrtSGeV.isFinite {
            throw fail("generation", "numbers must be finite")
        }
        if gun.energyGeV[0] <= 0 { throw fail("gun.energy_gev", "energies must be > 0, found \(gun.energyGeV)") }
        if run.number < 0 { throw fail("run.number", "must be ≥ 0, found \(run.number)") }
        if run.workDir.isEmpty { throw fail("run.work_dir", "must not be empty") }
    }

    private static func describe(_ error: DecodingError, source: String) -> RunCardError {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            (codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case let .typeMismatch(type, ctx):
            return RunCardError(source: source, key: path(ctx.codingPath), message: "wrong type: expected \(typeName(type))")
        case let .valueNotFound(type, ctx):
            return RunCardError(source: source, key: path(ctx.codingPath), message: "missing value: expected \(typeName(type))")
        case let .keyNotFound(key, ctx):
            return RunCardError(source: source, key: path(ctx.codingPath, key), message: "missing key")
        case let .dataCorrupted(ctx):
            let p = path(ctx.codingPath)
            if p.hasSuffix("process") {
                let names = RunCard.Process.allCases.map(\.rawValue).joined(separator: " | ")
                return RunCardError(source: source, key: p, message: "unknown process; expected one of \(names)")
            }
            return RunCardError(source: source, key: p, message: ctx.debugDescription)
        @unknown default:
            return RunCardError(source: source, key: "", message: "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: return "a number"
        case is Int.Type, is Int64.Type: return "an integer"
        case is String.Type: return "a string"
        case is [String].Type: return "a list of strings"
        case is [Double].Type: return "a list of two numbers [low, high]"
        case is RunCard.Process.Type: return "a process name (" + RunCard.Process.allCases.map(\.rawValue).joined(separator: " | ") + ")"
        case is Bool.Type: return "true or false"
        default: return "\(type)"
        }
    }
}
