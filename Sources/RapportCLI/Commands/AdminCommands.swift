import ArgumentParser
import Foundation
import RapportDomain
import RapportPersistence
import RapportWeb

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or update the database schema (safe to repeat).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            let db = try await database.open()
            await db.shutdown()
            say("Schema is up to date (\(DatabaseOptions.describe(try database.location))).")
        }
    }
}

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tenant", abstract: "Manage tenants.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a tenant with a default sales pipeline.")
        @Argument(help: "Tenant name.") var name: String
        @ArgumentParser.Option(help: "Base currency (ISO 4217).") var currency = "USD"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let db = try await database.open()
                defer { Task { await db.shutdown() } }
                let tenant = try await Directory(database: db).createTenant(name: name, baseCurrency: currency)
                say("Created tenant \"\(tenant.name)\" (\(tenant.id.lowercaseString)).")
            }
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user to a tenant.")
        @ArgumentParser.Option(help: "Tenant name.") var tenant: String
        @ArgumentParser.Option(help: "E-mail address (the sign-in name).") var email: String
        @ArgumentParser.Option(help: "Password (at least 10 characters).") var password: String
        @ArgumentParser.Option(help: "Role: admin, manager, rep, partner or readOnly.") var role: String
        @ArgumentParser.Option(help: "Team or branch name; created under the tenant when new.") var team: String?
        @ArgumentParser.Option(help: "Partner organisation name (for partner users); created when new.") var partner: String?
        @ArgumentParser.Option(help: "Display name (default: the part of the e-mail before @).") var name: String?
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if let problem = PasswordService.problem(with: password) { throw ValidationError(problem) }
            if role == Role.partner.rawValue && partner == nil { throw ValidationError("A partner user needs --partner.") }
        }

        func run() async throws {
            try await runReportingErrors {
                let db = try await database.open()
                defer { Task { await db.shutdown() } }
                let directory = Directory(database: db)
                guard let tenant = try await directory.tenant(named: self.tenant) else {
                    throw ValidationError("No tenant named \"\(self.tenant)\"; create it with: rapport tenant create \"\(self.tenant)\"")
                }
                var teamId: UUID?
                if let team {
                    teamId = try await directory.team(named: team, tenantId: tenant.id)
                    if teamId == nil { teamId = try await directory.createTeam(tenantId: tenant.id, name: team, parentId: nil) }
                }
                var partnerId: UUID?
                if let partner {
                    partnerId = try await directory.partner(named: partner, tenantId: tenant.id)
                    if partnerId == nil { partnerId = try await directory.createPartner(tenantId: tenant.id, name: partner) }
                }
                let hash = try await PasswordService(cost: 11).hash(password)
                let user = try await directory.addUser(
                    .init(email: email, name: name ?? String(email.prefix { $0 != "@" }), passwordHash: hash,
                          role: Role(rawValue: role)!, teamId: teamId, partnerId: partnerId),
                    tenantId: tenant.id)
                say("Added \(user.role.rawValue) \(user.email) to \"\(tenant.name)\".")
            }
        }
    }
}
