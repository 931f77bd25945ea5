// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "brukerplan",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "brukerplan-tui", targets: ["brukerplan-tui"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
  ],
  targets: [
    // ncursesw only; the shim defines NCURSES_WIDECHAR and wraps macros Swift cannot import.
    .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
    // GLPK, the integer-programming solver of the disclosure audit (spec section 9, step 5).
    .systemLibrary(name: "CGlpk", providers: [.apt(["libglpk-dev"])]),
    .target(
      name: "BrukerPlanModel",
      dependencies: [
        "CGlpk",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    .target(name: "BrukerPlanTUI", dependencies: ["BrukerPlanModel"]),
    // `serve` and its client: the store behind a Unix socket, each client known by SO_PEERCRED.
    .target(
      name: "BrukerPlanServer",
      dependencies: [
        "BrukerPlanModel",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
      ]
    ),
    .executableTarget(
      name: "brukerplan-tui",
      dependencies: [
        "BrukerPlanModel", "BrukerPlanTUI", "BrukerPlanServer", "CNcurses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "brukerplan-bench", dependencies: ["BrukerPlanModel", "BrukerPlanTUI", "BrukerPlanServer"]),
    // Test-only: drives the store from its own process for the crash and concurrency tests.
    .executableTarget(name: "reliability-driver", dependencies: ["BrukerPlanModel"], path: "Tests/ReliabilityDriver"),
    .testTarget(
      name: "BrukerPlanModelTests",
      dependencies: ["BrukerPlanModel", "CGlpk", .product(name: "SystemPackage", package: "swift-system")],
      resources: [.copy("Golden")]
    ),
    .testTarget(name: "BrukerPlanServerTests", dependencies: ["BrukerPlanServer", "BrukerPlanModel", "BrukerPlanTUI"]),
    .testTarget(
      name: "BrukerPlanTUITests",
      dependencies: ["BrukerPlanTUI", "BrukerPlanModel"],
      resources: [.copy("Snapshots")]
    ),
  ]
)
