// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DataMigration",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dm", targets: ["dm"]),
        .library(name: "EventStore", targets: ["EventStore"]),
    ],
    targets: [
        .target(name: "EventStore"),
        .target(name: "Projections", dependencies: ["EventStore"]),
        .target(
            name: "Commands", dependencies: ["EventStore", "Projections"],
            resources: [.copy("Resources")]),
        .target(
            name: "HTTPFront", dependencies: ["EventStore", "Projections", "Commands"],
            resources: [.copy("Console")]),
        .executableTarget(name: "dm", dependencies: ["EventStore", "Projections", "Commands", "HTTPFront"]),
        .testTarget(
            name: "EventStoreTests", dependencies: ["EventStore"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ProjectionsTests", dependencies: ["Projections"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "CommandsTests", dependencies: ["Commands", "Projections"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "HTTPFrontTests", dependencies: ["HTTPFront", "Commands", "Projections", "EventStore"]),
        .testTarget(
            name: "dmTests", dependencies: ["dm", "EventStore", "Projections", "Commands", "HTTPFront"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
