// swift-tools-version:6.0
//
// GenReco: synthetic collision data for an ATLAS-like detector, run with mpirun.
// Dependencies are chosen on purpose (DESIGN.md §2): Foundation, swift-argument-parser,
// Open MPI and HDF5 through system-library targets, TOMLKit for the run card.
import Foundation
import PackageDescription

// Release builds let the optimizer inline and specialise across the package's modules
// (Philox draws, four-vectors and the event record are small functions of EventModel
// called in every stage's inner loops). The results are the same bit for bit (the
// benches' digests); the μ = 40 pile-up overlay ≈ 10 % faster (session 7).
//
// On x86-64 the Swift code is compiled for x86-64-v3 (AVX2, FMA, BMI2: Intel since 2013,
// AMD since 2015) when the building machine has it: the simulation and digitization of a
// μ = 0 event ≈ 4 % faster (session 14), the same bits (Swift never fuses a·b + c into one
// FMA, so only the choice of instructions changes; the benches' digests agree with a
// portable build's). `GENRECO_PORTABLE=1 swift build -c release` builds for any x86-64; a v3
// binary started on an older CPU stops at once with that advice (Sources/CHostCPU).
func buildForX86_64_V3() -> Bool {
    #if arch(x86_64) && os(Linux)
    if ProcessInfo.processInfo.environment["GENRECO_PORTABLE"] == "1" { return false }
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    return ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"].allSatisfy(flags.contains)
    #else
    return false
    #endif
}
let x86_64_v3 = buildForX86_64_V3()
// `haswell` is the compiler's name for the v3 set (it also has AES and RDRAND, which code
// without intrinsics never uses; CHostCPU checks the v3 set itself).
let crossModule: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
] + (x86_64_v3 ? [.unsafeFlags(["-target-cpu", "haswell"])] : [])

let package = Package(
    name: "GenReco",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "genreco", targets: ["genreco"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Open MPI, found with pkg-config; shim.h turns the handle macros into Swift getters.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        .target(name: "EventModel", exclude: ["README.md"], swiftSettings: crossModule),
        .target(
            name: "Generation",
            dependencies: ["EventModel", .product(name: "TOMLKit", package: "TOMLKit")],
            exclude: ["README.md"],
            swiftSettings: crossModule
        ),
        .target(name: "Farm", dependencies: ["CMPI", "EventModel", "Generation"], exclude: ["README.md"], swiftSettings: crossModule),
        // HDF5 (serial build), found with pkg-config; shim.h turns the H5T_*/H5P_*/H5F_ACC_*
        // macros into Swift getters.
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5-serial",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .target(name: "Output", dependencies: ["CHDF5", "EventModel"], exclude: ["README.md"], swiftSettings: crossModule),
        // Detector card, transport and electronics (DESIGN.md §6 "Detector", "Digitization").
        .target(
            name: "Detector",
            dependencies: ["EventModel", .product(name: "TOMLKit", package: "TOMLKit")],
            exclude: ["README.md"],
            swiftSettings: crossModule
        ),
        .target(name: "Simulation", dependencies: ["EventModel", "Detector"], exclude: ["README.md"], swiftSettings: crossModule),
        .target(name: "Digitization", dependencies: ["EventModel", "Detector", "Simulation"], exclude: ["README.md"], swiftSettings: crossModule),
        // A software-prefetch hint (`__builtin_prefetch`), which Swift lacks; topo-clustering
        // asks for the neighbour rows of the cells a few places ahead in its queue.
        .target(name: "CPrefetch"),
        // Refuses, before any Swift code runs, a CPU without the instructions the build uses.
        .target(name: "CHostCPU", cSettings: x86_64_v3 ? [.define("GENRECO_X86_64_V3")] : []),
        .target(name: "Reconstruction", dependencies: ["CPrefetch", "EventModel", "Detector", "Simulation", "Digitization"], exclude: ["README.md"], swiftSettings: crossModule),
        .executableTarget(
            name: "genreco",
            dependencies: [
                "CHostCPU", "CMPI", "EventModel", "Generation", "Farm", "Output", "Reconstruction", "Detector", "Simulation", "Digitization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            exclude: ["README.md"],
            swiftSettings: crossModule
        ),
        // Test-only helpers (package root, shared fixtures, the Python peers); linked by tests only.
        .target(name: "GenRecoTestSupport", path: "Sources/GenRecoTestSupport"),
        .testTarget(name: "EventModelTests", dependencies: ["EventModel", "GenRecoTestSupport"]),
        .testTarget(name: "GenerationTests", dependencies: ["Generation"]),
        .testTarget(name: "FarmTests", dependencies: ["Farm", "Generation", "EventModel"]),
        .testTarget(name: "OutputTests", dependencies: ["Output", "EventModel", "GenRecoTestSupport"]),
        .testTarget(name: "DetectorTests", dependencies: ["Detector", "EventModel"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Detector", "EventModel", "Generation"]),
        .testTarget(name: "DigitizationTests", dependencies: ["Digitization", "Simulation", "Detector", "EventModel"]),
        .testTarget(
            name: "ReconstructionTests",
            dependencies: ["Reconstruction", "Generation", "Detector", "Simulation", "Digitization", "EventModel", "GenRecoTestSupport"]
        ),
        // Runs the built `genreco` (alone and under mpirun) as a user would.
        .testTarget(name: "IntegrationTests", dependencies: ["genreco", "Output", "GenRecoTestSupport"]),
    ]
)
