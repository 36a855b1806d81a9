import Foundation
import RapportDomain

/// Every page address, so routes and links cannot drift apart.
enum SiteURL {
    case home
    case signIn(next: String?)
    case signOut
    case profile
    case password
    case list(EntityDefinition, query: String? = nil)
    case export(EntityDefinition, query: String?)
    case bulk(EntityDefinition)
    case newRecord(EntityDefinition)
    case record(EntityDefinition, UUID)
    case edit(EntityDefinition, UUID)
    /// One key fact of the record, edited in place on its page.
    case fact(EntityDefinition, UUID)
    case quickAdd(EntityDefinition, UUID)
    case asset(String)

    var path: String {
        switch self {
        case .home: "/"
        case .signIn(let next):
            if let next = next.flatMap(Self.localPath), next != "/" {
                "/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            } else {
                "/sign-in"
            }
        case .signOut: "/sign-out"
        case .profile: "/me"
        case .password: "/me/password"
        case .list(let entity, let query): "/\(entity.plural)" + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        case .export(let entity, let query): "/\(entity.plural)/export.csv" + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        case .bulk(let entity): "/\(entity.plural)/bulk"
        case .newRecord(let entity): "/\(entity.plural)/new"
        case .record(let entity, let id): "/\(entity.plural)/\(id.lowercaseString)"
        case .edit(let entity, let id): "/\(entity.plural)/\(id.lowercaseString)/edit"
        case .fact(let entity, let id): "/\(entity.plural)/\(id.lowercaseString)/fact"
        case .quickAdd(let entity, let id): "/\(entity.plural)/\(id.lowercaseString)/activities"
        case .asset(let name): "/assets/\(name)"
        }
    }

    /// A path on this site, never another host: `next=//evil.example` must not redirect away.
    static func localPath(_ candidate: String) -> String? {
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
              !candidate.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
        return candidate
    }
}
