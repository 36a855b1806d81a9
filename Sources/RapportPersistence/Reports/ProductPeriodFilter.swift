import Foundation
import RapportDomain

/// A report period (with its owner and team filters), optionally narrowed to the deals carrying
/// a product (`DealProducts`: a line on any of their quotes).
public struct ProductPeriodFilter: Sendable, Hashable {
    public var period: ReportPeriod
    public var productId: UUID?

    public init(from: LocalDate, to: LocalDate, ownerId: UUID? = nil, teamIds: [UUID]? = nil, productId: UUID? = nil) {
        self.init(period: ReportPeriod(from: from, to: to, ownerId: ownerId, teamIds: teamIds), productId: productId)
    }

    public init(period: ReportPeriod, productId: UUID? = nil) {
        self.period = period
        self.productId = productId
    }
}
