import Foundation
import RapportDomain

/// What a report over calendar days covers: the days from `from` to `to`, both included, and
/// optionally one owner's records or those of a team and every team below it.
///
/// No product here: the reports that take one wrap it in `ProductPeriodFilter`, each saying
/// which of its measures the product narrows.
public struct ReportPeriod: Sendable, Hashable {
    public var from: LocalDate
    public var to: LocalDate
    public var ownerId: UUID?
    /// A team and its subtree; nil for every team the user may see.
    public var teamIds: [UUID]?

    public init(from: LocalDate, to: LocalDate, ownerId: UUID? = nil, teamIds: [UUID]? = nil) {
        self.from = from
        self.to = to
        self.ownerId = ownerId
        self.teamIds = teamIds
    }
}
