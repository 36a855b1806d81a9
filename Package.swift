// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rapport", targets: ["RapportCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(name: "RapportDomain", swiftSettings: strict),
        .target(
            name: "RapportPersistence",
            dependencies: [
                "RapportDomain",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RapportWeb",
            dependencies: [
                "RapportDomain", "RapportPersistence",
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RapportDemo",
            dependencies: ["RapportDomain", "RapportPersistence"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "RapportCLI",
            dependencies: [
                "RapportDomain", "RapportPersistence", "RapportWeb", "RapportDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RapportTestSupport",
            dependencies: ["RapportDomain", "RapportPersistence"],
            swiftSettings: strict
        ),
        .testTarget(name: "RapportDomainTests", dependencies: ["RapportDomain"], swiftSettings: strict),
        .testTarget(name: "RapportPersistenceTests", dependencies: ["RapportPersistence", "RapportTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RapportWebTests",
            dependencies: ["RapportWeb", "RapportTestSupport", .product(name: "VaporTesting", package: "vapor")],
            swiftSettings: strict
        ),
        .testTarget(name: "RapportDemoTests", dependencies: ["RapportDemo", "RapportTestSupport"], swiftSettings: strict),
        .testTarget(name: "RapportCLITests", dependencies: ["RapportCLI"], swiftSettings: strict),
    ]
)
