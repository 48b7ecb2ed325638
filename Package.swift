// swift-tools-version:6.0
//
// GenReco: synthetic collision data for an ATLAS-like detector, run with mpirun.
// Dependencies are chosen on purpose (DESIGN.md §2): Foundation, swift-argument-parser,
// Open MPI and HDF5 through system-library targets, TOMLKit for the run card.
import PackageDescription

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
        .target(name: "EventModel"),
        .target(
            name: "Generation",
            dependencies: ["EventModel", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(name: "Farm", dependencies: ["CMPI", "EventModel", "Generation"]),
        .executableTarget(
            name: "genreco",
            dependencies: [
                "CMPI", "EventModel", "Generation", "Farm",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .testTarget(name: "EventModelTests", dependencies: ["EventModel"]),
        .testTarget(name: "GenerationTests", dependencies: ["Generation"]),
        .testTarget(name: "FarmTests", dependencies: ["Farm", "Generation", "EventModel"]),
        // Runs the built `genreco` (alone and under mpirun) as a user would.
        .testTarget(name: "IntegrationTests", dependencies: ["genreco"]),
    ]
)
