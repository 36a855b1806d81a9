import Foundation
import RapportDomain
import Testing
@testable import RapportWeb
import Vapor

@Suite("Operations endpoints")
struct OperationsTests {
    @Test("health checks the database, metrics count requests, and every answer carries a request id and server time")
    func operations() async throws {
        try await APITestContext.with { api in
            let health = try await api.send(.GET, "/health", as: nil)
            #expect(health.status == .ok)
            #expect(health["status"] == .string("ok"))
            #expect(health.headers.first(name: "X-Request-Id")?.isEmpty == false)
            #expect(health.headers.first(name: "Server-Timing")?.hasPrefix("app;dur=") == true)
            _ = try await api.send(.GET, "/api/v1/contacts")
            let metrics = try await api.send(.GET, "/metrics", as: nil)
            #expect(metrics.text.contains("rapport_http_requests_total{method=\"GET\",route=\"/api/v1/contacts\",status=\"200\"}"))
            #expect(metrics.text.contains("rapport_process_resident_memory_bytes"))
        }
    }

    @Test("The OpenAPI document covers every entity's operations")
    func document() async throws {
        try await APITestContext.with { api in
            let document = try await api.send(.GET, "/api/v1/openapi.json", as: nil)
            #expect(document["openapi"] == .string("3.1.0"))
            for entity in Catalog.builtIn {
                let paths = document["paths"]
                #expect(paths?["/api/v1/\(entity.plural)"]?["get"] != nil)
                #expect(paths?["/api/v1/\(entity.plural)/{id}"]?["patch"] != nil)
                #expect(paths?["/api/v1/\(entity.plural)/bulk"]?["post"] != nil)
                let required = document["components"]?["schemas"]?["\(entity.schemaName)Input"]?["required"]?.arrayValue ?? []
                #expect(Set(required.compactMap(\.stringValue)) == Set(entity.fields.filter(\.required).map(\.name)))
            }
        }
    }
}
