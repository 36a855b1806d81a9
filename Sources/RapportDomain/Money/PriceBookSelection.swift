import Foundation

/// What selection needs to know of a price book.
public struct PriceBookCandidate: Sendable, Hashable {
    public let id: UUID
    public let currency: CurrencyCode
    /// nil: the book serves every channel.
    public let channel: String?
    /// nil: the book serves every customer, partner or not.
    public let partnerId: UUID?
    public let isActive: Bool

    public init(id: UUID, currency: CurrencyCode, channel: String? = nil, partnerId: UUID? = nil, isActive: Bool = true) {
        self.id = id
        self.currency = currency
        self.channel = channel
        self.partnerId = partnerId
        self.isActive = isActive
    }
}

/// The sale a price is looked up for.
public struct PriceBookRequest: Sendable, Hashable {
    public let currency: CurrencyCode
    public let channel: String?
    public let partnerId: UUID?

    public init(currency: CurrencyCode, channel: String? = nil, partnerId: UUID? = nil) {
        self.currency = currency
        self.channel = channel
        self.partnerId = partnerId
    }
}

/// One volume tier of a price book's entry: from `minQuantity` units on, each unit costs `unitPrice`.
public struct PriceTier: Sendable, Hashable {
    public let minQuantity: Decimal
    public let unitPrice: Decimal

    public init(minQuantity: Decimal, unitPrice: Decimal) {
        self.minQuantity = minQuantity
        self.unitPrice = unitPrice
    }
}

/// Which price book and which volume tier price a sale.
public enum PriceBookSelection {
    /// The most specific active book in the request's currency, or nil when none applies.
    ///
    /// A book applies when it is active, in the request's currency, and each of its channel and
    /// partner is either unset or equal to the request's (channels compare exactly). Of those,
    /// a partner's book beats a channel's book, which beats a general one; a book for both the
    /// partner and the channel beats one for the partner alone. Among equally specific books the
    /// lowest id wins, so the choice never depends on the order the candidates came in; ids are
    /// time-ordered, so that is the oldest book.
    public static func mostSpecific(_ candidates: [PriceBookCandidate], for request: PriceBookRequest) -> PriceBookCandidate? {
        candidates
            .filter { applies($0, to: request) }
            .min { lhs, rhs in
                let (left, right) = (specificity(lhs), specificity(rhs))
                return left != right ? left > right : lhs.id.uuidString < rhs.id.uuidString
            }
    }

    /// The tier with the largest `minQuantity` not above `quantity`, or nil when the quantity is
    /// below every tier. Tiers may come in any order; of two tiers with the same `minQuantity`,
    /// the lower price wins.
    public static func tier(for quantity: Decimal, in tiers: [PriceTier]) -> PriceTier? {
        tiers
            .filter { $0.minQuantity <= quantity }
            .max { lhs, rhs in
                lhs.minQuantity != rhs.minQuantity ? lhs.minQuantity < rhs.minQuantity : lhs.unitPrice > rhs.unitPrice
            }
    }

    private static func applies(_ book: PriceBookCandidate, to request: PriceBookRequest) -> Bool {
        book.isActive && book.currency == request.currency
            && (book.channel == nil || book.channel == request.channel)
            && (book.partnerId == nil || book.partnerId == request.partnerId)
    }

    private static func specificity(_ book: PriceBookCandidate) -> Int {
        (book.partnerId == nil ? 0 : 2) + (book.channel == nil ? 0 : 1)
    }
}
