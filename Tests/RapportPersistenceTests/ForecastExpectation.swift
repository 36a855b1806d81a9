import Foundation
import RapportDomain
import RapportPersistence

/// The forecast per owner computed here, deal by deal, from deals read back: what
/// `ForecastReport` must equal. A deal with no rate for its date is left out, as the report does.
enum ForecastExpectation {
    static func perOwner(_ deals: [Record], rates: ExchangeRates, from: LocalDate, to: LocalDate) -> [UUID?: ForecastReport.Figures] {
        var expected: [UUID?: ForecastReport.Figures] = [:]
        for deal in deals {
            guard let close = deal["expectedCloseDate"].dateValue, close >= from, close <= to,
                  let status = deal["status"].textValue, status == "open" || status == "won" else { continue }
            let money = deal["amount"].moneyValue
            guard let amount = money.map({ try? rates.inBaseCurrency($0, on: close).amount }) ?? 0 else { continue }
            var figures = expected[deal["ownerId"].idValue] ?? ForecastReport.Figures()
            if status == "won" {
                figures.closed += amount
                figures.wonDeals += 1
            } else {
                figures.openDeals += 1
                if let money {
                    let probability = Decimal(deal["probability"].integerValue ?? 0)
                    let weighted = (try? rates.inBaseCurrency(Money(amount: money.amount * probability, currency: money.currency), on: close).amount) ?? 0
                    figures.weighted += (weighted / 100).roundedHalfAwayFromZero(toPlaces: rates.base.minorDigits)
                }
                switch deal["managerForecastCategory"].textValue ?? deal["forecastCategory"].textValue {
                case "commit", "closed": figures.commit += amount
                case "bestCase": figures.bestCase += amount
                default: figures.pipeline += amount
                }
            }
            expected[deal["ownerId"].idValue] = figures
        }
        return expected
    }
}
