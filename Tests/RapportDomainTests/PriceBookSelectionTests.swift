import Foundation
import RapportDomain
import Testing

@Suite("Price book selection")
struct PriceBookSelectionTests {
    static let eur = CurrencyCode("EUR")!
    static let partner = UUID(uuidString: "00000000-0000-7000-8000-0000000000AA")!
    static let otherPartner = UUID(uuidString: "00000000-0000-7000-8000-0000000000BB")!
    static func id(_ last: Int) -> UUID { UUID(uuidString: "00000000-0000-7000-8000-\(String(format: "%012d", last))")! }
    static func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    static let general = PriceBookCandidate(id: id(1), currency: eur)
    static let web = PriceBookCandidate(id: id(2), currency: eur, channel: "web")
    static let partners = PriceBookCandidate(id: id(3), currency: eur, partnerId: partner)
    static let partnersWeb = PriceBookCandidate(id: id(4), currency: eur, channel: "web", partnerId: partner)
    static let retiredPartnersRetail = PriceBookCandidate(id: id(5), currency: eur, channel: "retail", partnerId: partner, isActive: false)
    static let otherPartners = PriceBookCandidate(id: id(6), currency: eur, partnerId: otherPartner)
    static let dollars = PriceBookCandidate(id: id(7), currency: CurrencyCode("USD")!, channel: "web", partnerId: partner)
    static let all = [general, web, partners, partnersWeb, retiredPartnersRetail, otherPartners, dollars]

    @Test("Partner beats channel beats general; inactive, foreign-currency and other partners' books never apply")
    func specificity() {
        func pick(_ channel: String?, _ partnerId: UUID?) -> UUID? {
            PriceBookSelection.mostSpecific(Self.all, for: PriceBookRequest(currency: Self.eur, channel: channel, partnerId: partnerId))?.id
        }
        #expect(pick("web", Self.partner) == Self.partnersWeb.id, "partner and channel both match")
        #expect(pick("retail", Self.partner) == Self.partners.id, "the retail partner book is inactive")
        #expect(pick(nil, Self.partner) == Self.partners.id)
        #expect(pick("web", nil) == Self.web.id)
        #expect(pick("retail", nil) == Self.general.id)
        #expect(pick(nil, nil) == Self.general.id, "a channel's book does not serve a sale without a channel")
        #expect(pick("web", UUID()) == Self.web.id, "another partner's book does not apply")
        #expect(PriceBookSelection.mostSpecific(Self.all, for: PriceBookRequest(currency: CurrencyCode("GBP")!)) == nil)
    }

    @Test("A partner's book beats a channel's book even when the channel matches")
    func partnerOverChannel() {
        let picked = PriceBookSelection.mostSpecific([Self.web, Self.partners],
                                                     for: PriceBookRequest(currency: Self.eur, channel: "web", partnerId: Self.partner))
        #expect(picked == Self.partners)
    }

    @Test("Equally specific books: the lowest id wins, whatever the order")
    func ties() {
        // setup
        let older = PriceBookCandidate(id: Self.id(10), currency: Self.eur)
        let newer = PriceBookCandidate(id: Self.id(11), currency: Self.eur)
        let request = PriceBookRequest(currency: Self.eur)
        // MUT / validate
        #expect(PriceBookSelection.mostSpecific([older, newer], for: request) == older)
        #expect(PriceBookSelection.mostSpecific([newer, older], for: request) == older)
        #expect(PriceBookSelection.mostSpecific([], for: request) == nil)
    }

    static let tiers = [
        PriceTier(minQuantity: 100, unitPrice: 8), PriceTier(minQuantity: 1, unitPrice: 10), PriceTier(minQuantity: 10, unitPrice: 9),
    ]

    @Test("The tier with the largest minimum not above the quantity applies", arguments: [
        ("1", "10"), ("9.9999", "10"), ("10", "9"), ("99", "9"), ("100", "8"), ("100000", "8"),
    ])
    func tier(quantity: String, unitPrice: String) {
        #expect(PriceBookSelection.tier(for: Self.d(quantity), in: Self.tiers)?.unitPrice == Self.d(unitPrice))
    }

    @Test("Below the first tier, or without tiers, no tier applies")
    func noTier() {
        #expect(PriceBookSelection.tier(for: Self.d("0.5"), in: Self.tiers) == nil)
        #expect(PriceBookSelection.tier(for: 5, in: []) == nil)
    }

    @Test("Two tiers with the same minimum: the lower price wins")
    func duplicateTier() {
        let tiers = [PriceTier(minQuantity: 10, unitPrice: 9), PriceTier(minQuantity: 10, unitPrice: Self.d("8.5"))]
        #expect(PriceBookSelection.tier(for: 12, in: tiers)?.unitPrice == Self.d("8.5"))
        #expect(PriceBookSelection.tier(for: 12, in: tiers.reversed())?.unitPrice == Self.d("8.5"))
    }
}
