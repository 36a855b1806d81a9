import Foundation
import RapportDomain

/// What the demo company sells, by the deal kinds of `DemoWording.products` (trucks,
/// forklifts, telematics, spare parts, service), with list prices and unit costs in dollars.
struct DemoProduct: Sendable {
    let sku: String
    let name: String
    let family: String
    let unit: String
    let costDollars: Decimal
    let priceDollars: Decimal
    let taxCategory: String
    /// Index into `DemoWording.products`: the kind of deal that sells it.
    let kind: Int
    let active: Bool
}

enum DemoCatalogue {
    enum Kind { static let trucks = 0, forklifts = 1, telematics = 2, spareParts = 3, service = 4 }

    /// One product a line, `SKU|name|family|unit|cost|price|tax category|kind`; a trailing
    /// `|retired` marks a product no longer sold.
    static let products: [DemoProduct] = """
        TR-460|Tractor unit 4x2, 460 hp|Trucks|unit|78000|98000|standard|0
        TR-540|Tractor unit 6x4, 540 hp|Trucks|unit|86000|108000|standard|0
        TR-440L|LNG tractor unit 4x2|Trucks|unit|90000|112000|standard|0
        TR-420|Tractor unit 4x2, 420 hp|Trucks|unit|70000|88000|standard|0|retired
        FL-25E|Electric forklift 2.5 t|Forklifts|unit|19000|26000|standard|1
        FL-35D|Diesel forklift 3.5 t|Forklifts|unit|23500|31000|standard|1
        RT-16|Reach truck 1.6 t|Forklifts|unit|25000|33000|standard|1
        PT-20|Electric pallet truck 2 t|Forklifts|unit|4600|6500|standard|1
        TM-SUB|Telematics subscription, one vehicle-year|Telematics|vehicle-year|120|420|standard|2
        TM-BOX|Telematics unit|Telematics|unit|150|260|standard|2
        TM-INS|Telematics installation|Telematics|vehicle|45|90|standard|2
        SP-BRK|Brake kit|Spare parts|kit|690|1150|standard|3
        SP-FLT|Filter set|Spare parts|set|70|140|standard|3
        SP-TYR|Tyre 315/80 R22.5|Spare parts|piece|380|520|standard|3
        SP-BAT|Traction battery 48 V|Spare parts|piece|3900|5200|standard|3
        SP-CLT|Clutch kit|Spare parts|kit|1150|1800|standard|3
        SP-LED|LED lighting kit|Spare parts|kit|190|380|standard|3
        SP-FRK|Forks, pair|Spare parts|pair|820|1300|standard|3
        SP-OIL|Engine oil 15W-40, 20 l|Spare parts|can|95|160|standard|3
        SV-PLN|Planned maintenance visit|Service|visit|380|650|standard|4
        SV-RPR|Repair work|Service|hour|60|120|standard|4
        SV-CON|Full service contract, one vehicle-year|Service|vehicle-year|3100|4800|standard|4
        SV-TRN|Operator training|Service|day|400|900|reduced|4
        SV-WAR|Extended warranty, one year|Service|vehicle|700|1900|exempt|4
        """.split(separator: "\n").map { line in
        let row = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        return DemoProduct(
            sku: row[0], name: row[1], family: row[2], unit: row[3], costDollars: Decimal(string: row[4])!,
            priceDollars: Decimal(string: row[5])!, taxCategory: row[6], kind: Int(row[7])!, active: row.count < 9)
    }

    static func index(ofSKU sku: String) -> Int {
        guard let index = products.firstIndex(where: { $0.sku == sku }) else { preconditionFailure("no demo product \(sku)") }
        return index
    }

    static func sellable(kind: Int) -> [Int] {
        products.indices.filter { products[$0].kind == kind && products[$0].active }
    }

    /// Quantity tiers of every price book: from 10 units 3% off, from 50 units 6% off.
    static let tiers: [(minQuantity: Decimal, factor: Decimal)] = [(1, 1), (10, Decimal(string: "0.97")!), (50, Decimal(string: "0.94")!)]
    /// Dealers buy at 15% below list.
    static let dealerFactor = Decimal(string: "0.85")!

    /// A dollar amount in the market's currency, to its minor units.
    static func local(_ dollars: Decimal, _ market: DemoMarket) -> Decimal {
        (dollars * Decimal(string: String(market.perDollar))!).roundedHalfAwayFromZero(toPlaces: market.currency.minorDigits)
    }
}
