import Foundation
import RapportDomain

/// The language a market's people, companies and notes are written in.
enum DemoLanguage: Int, Sendable, CaseIterable {
    case chinese, russian, english
}

/// A city with what local addresses and phone numbers look like there.
struct DemoCity: Sendable {
    let name: String
    let region: String
    /// Postcode patterns (see `DemoRandom.fill`).
    let postcodes: [String]
    /// Landline pattern after the country code, e.g. `21 ~### ####`.
    let landline: String
    /// Which of the market's two sales teams covers the city.
    let teamSlot: Int
}

/// A country the demo company sells in: its currency, cities, number formats and
/// company conventions.
struct DemoMarket: Sendable {
    let country: String
    let language: DemoLanguage
    let currency: CurrencyCode
    /// Currency units per US dollar, rounded; good enough for plausible amounts.
    let perDollar: Double
    let utcOffsetHours: Int
    let callingCode: String
    let mobiles: [String]
    let cities: [DemoCity]
    let streets: [String]
    let topLevelDomain: String
    let freeMail: [String]
    /// Relative share of accounts and leads.
    let weight: Int

    func landline(_ city: DemoCity, _ random: inout DemoRandom) -> String {
        "+\(callingCode) " + random.fill(city.landline)
    }

    func mobile(_ random: inout DemoRandom) -> String {
        "+\(callingCode) " + random.fill(random.pick(mobiles))
    }

    func street(_ random: inout DemoRandom) -> String {
        let street = random.pick(streets)
        let number = random.int(in: 1...400)
        switch language {
        case .chinese: return "\(street)\(number)号"
        case .russian: return random.chance(0.3) ? "\(street), д. \(number), стр. \(random.int(in: 1...9))" : "\(street), д. \(number)"
        case .english: return "\(number) \(street)"
        }
    }

    func address(kind: String, city: DemoCity, _ random: inout DemoRandom) -> PostalAddress {
        PostalAddress(parts: [
            "kind": kind, "street": street(&random), "city": city.name, "region": city.region,
            "postalCode": random.fill(random.pick(city.postcodes)), "country": country,
        ])
    }

    /// An amount in dollars converted and rounded the way a quote would be.
    func money(dollars: Double) -> Money {
        let local = dollars * perDollar
        let step: Double = local >= 100_000 ? 1_000 : local >= 10_000 ? 100 : 10
        let rounded = Int64((local / step).rounded()) * Int64(step)
        return Money(amount: Decimal(rounded), currency: currency)
    }
}

extension DemoMarket {
    static let all: [DemoMarket] = [china, russia, unitedStates, unitedKingdom, ireland]

    private static func code(_ text: String) -> CurrencyCode {
        // The codes below are in the supported table; a typo should stop the demo at once.
        guard let code = CurrencyCode(text) else { preconditionFailure("unsupported currency \(text)") }
        return code
    }

    private static func cities(_ text: String) -> [DemoCity] {
        DemoTable.rows(text).map { row in
            DemoCity(name: row[0], region: row[1], postcodes: row[2].split(separator: "/").map(String.init),
                     landline: row[3], teamSlot: Int(row[4]) ?? 0)
        }
    }

    static let china = DemoMarket(
        country: "CN", language: .chinese, currency: code("CNY"), perDollar: 7.1, utcOffsetHours: 8, callingCode: "86",
        mobiles: ["138 #### ####", "139 #### ####", "135 #### ####", "186 #### ####", "158 #### ####", "177 #### ####", "150 #### ####"],
        cities: cities("""
            上海|上海市|200###|21 ~### ####|0, 北京|北京市|100###|10 ~### ####|1, 广州|广东省|510###|20 ~### ####|0,
            深圳|广东省|518###|755 ~### ####|0, 杭州|浙江省|310###|571 ~### ####|0, 南京|江苏省|210###|25 ~### ####|0,
            苏州|江苏省|215###|512 ~### ####|0, 成都|四川省|610###|28 ~### ####|0, 武汉|湖北省|430###|27 ~### ####|0,
            重庆|重庆市|400###|23 ~### ####|0, 天津|天津市|300###|22 ~### ####|1, 西安|陕西省|710###|29 ~### ####|1,
            青岛|山东省|266###|532 ~### ####|1, 宁波|浙江省|315###|574 ~### ####|0, 厦门|福建省|361###|592 ~### ####|0,
            长沙|湖南省|410###|731 ~### ####|0, 郑州|河南省|450###|371 ~### ####|1, 沈阳|辽宁省|110###|24 ~### ####|1,
            大连|辽宁省|116###|411 ~### ####|1, 合肥|安徽省|230###|551 ~### ####|0
            """),
        streets: DemoTable.list("""
            南京西路, 淮海中路, 人民路, 中山路, 解放路, 建设路, 长江路, 黄河路, 世纪大道, 科技园路, 工业大道, 和平路,
            新华路, 光明路, 学院路, 东风路, 滨江大道, 金融街, 延安路, 胜利路, 开发区大道, 高新路
            """),
        topLevelDomain: "com.cn", freeMail: ["qq.com", "163.com", "126.com"], weight: 35)

    static let russia = DemoMarket(
        country: "RU", language: .russian, currency: code("RUB"), perDollar: 90, utcOffsetHours: 3, callingCode: "7",
        mobiles: ["9## ###-##-##"],
        cities: cities("""
            Москва|Москва|101###/109###/115###/125###|495 ~##-##-##|0, Санкт-Петербург|Санкт-Петербург|190###/196###|812 ~##-##-##|1,
            Новосибирск|Новосибирская область|630###|383 ~##-##-##|0, Екатеринбург|Свердловская область|620###|343 ~##-##-##|0,
            Казань|Республика Татарстан|420###|843 ~##-##-##|0, Нижний Новгород|Нижегородская область|603###|831 ~##-##-##|0,
            Самара|Самарская область|443###|846 ~##-##-##|0, Краснодар|Краснодарский край|350###|861 ~##-##-##|0,
            Ростов-на-Дону|Ростовская область|344###|863 ~##-##-##|0, Челябинск|Челябинская область|454###|351 ~##-##-##|0,
            Уфа|Республика Башкортостан|450###|347 ~##-##-##|0, Пермь|Пермский край|614###|342 ~##-##-##|0,
            Воронеж|Воронежская область|394###|473 ~##-##-##|0, Калининград|Калининградская область|236###|4012 ~#-##-##|1,
            Мурманск|Мурманская область|183###|8152 ~#-##-##|1, Владивосток|Приморский край|690###|423 ~##-##-##|0,
            Красноярск|Красноярский край|660###|391 ~##-##-##|0
            """),
        streets: DemoTable.list("""
            ул. Ленина, ул. Тверская, Невский пр-т, ул. Гагарина, ул. Советская, пр-т Мира, ул. Садовая, ул. Пушкина,
            ул. Промышленная, ш. Энтузиастов, ул. Заводская, Ленинградский пр-т, ул. Октябрьская, наб. Обводного канала,
            ул. Маршала Жукова, ул. Строителей, Московское ш., ул. Победы, ул. Кирова, Комсомольский пр-т
            """),
        topLevelDomain: "ru", freeMail: ["mail.ru", "yandex.ru", "bk.ru"], weight: 30)

    static let unitedStates = DemoMarket(
        country: "US", language: .english, currency: code("USD"), perDollar: 1, utcOffsetHours: -5, callingCode: "1",
        mobiles: ["~## ~##-####"],
        cities: cities("""
            New York|NY|100##/101##|212 ~##-####|0, Chicago|IL|606##|312 ~##-####|0, Los Angeles|CA|900##|213 ~##-####|0,
            Houston|TX|770##|713 ~##-####|0, Dallas|TX|752##|214 ~##-####|0, Atlanta|GA|303##|404 ~##-####|0,
            Seattle|WA|981##|206 ~##-####|0, Boston|MA|021##|617 ~##-####|0, Denver|CO|802##|303 ~##-####|0,
            Detroit|MI|482##|313 ~##-####|0, Phoenix|AZ|850##|602 ~##-####|0, Charlotte|NC|282##|704 ~##-####|0
            """),
        streets: DemoTable.list("""
            Main Street, Oak Avenue, Maple Drive, Park Avenue, Commerce Street, Industrial Parkway, Market Street,
            Elm Street, Lake Shore Drive, Washington Boulevard, Fifth Avenue, Harbor Road, Airport Road, River Road
            """),
        topLevelDomain: "com", freeMail: ["gmail.com", "outlook.com", "yahoo.com"], weight: 18)

    static let unitedKingdom = DemoMarket(
        country: "GB", language: .english, currency: code("GBP"), perDollar: 0.79, utcOffsetHours: 0, callingCode: "44",
        mobiles: ["7### ######"],
        cities: cities("""
            London|Greater London|EC1A #@@/EC2M #@@/W1K #@@/SE1 #@@/E14 #@@/N1 #@@|20 7### ####|0,
            Manchester|Greater Manchester|M1 #@@/M2 #@@/M3 #@@|161 ~## ####|0, Birmingham|West Midlands|B1 #@@/B2 #@@/B3 #@@|121 ~## ####|0,
            Leeds|West Yorkshire|LS1 #@@/LS2 #@@|113 ~## ####|0, Glasgow|Scotland|G1 #@@/G2 #@@|141 ~## ####|0,
            Edinburgh|Scotland|EH1 #@@/EH2 #@@/EH3 #@@|131 ~## ####|0, Bristol|Bristol|BS1 #@@/BS2 #@@|117 ~## ####|0
            """),
        streets: DemoTable.list("""
            High Street, Station Road, Church Lane, Victoria Road, King Street, Queen Street, Mill Lane, London Road,
            Park Road, Bridge Street, Canal Street, Albert Road
            """),
        topLevelDomain: "co.uk", freeMail: ["gmail.com", "outlook.com", "btinternet.com"], weight: 9)

    static let ireland = DemoMarket(
        country: "IE", language: .english, currency: code("EUR"), perDollar: 0.92, utcOffsetHours: 0, callingCode: "353",
        mobiles: ["83 ### ####", "85 ### ####", "86 ### ####", "87 ### ####", "89 ### ####"],
        cities: cities("""
            Dublin|Co. Dublin|D02 @#@#/D04 @#@#/D08 @#@#|1 ~## ####|0, Cork|Co. Cork|T12 @#@#/T23 @#@#|21 ~## ####|0,
            Galway|Co. Galway|H91 @#@#|91 ~## ###|0, Limerick|Co. Limerick|V94 @#@#|61 ~## ###|0
            """),
        streets: DemoTable.list("""
            Main Street, O'Connell Street, Grafton Street, Patrick Street, Dock Road, Harbour Road, Church Street, Bridge Street
            """),
        topLevelDomain: "ie", freeMail: ["gmail.com", "eircom.net", "outlook.com"], weight: 8)

    static let weights = all.map(\.weight)
}
