import Foundation

/// An industry with the words each language uses for it in company names.
struct DemoIndustry: Sendable {
    /// The value stored in the account's `industry` field (English, for filtering).
    let name: String
    let englishWord: String
    let chinese: String
    /// The ending of a Russian brand (ВолгаСтрой) and its transliteration.
    let russian: String
    let russianLatin: String
    let slug: String
}

/// A company brand shared by every account of a group, and its web domain.
struct DemoBrand: Sendable {
    let local: String
    let industry: Int
    let domain: String
}

/// Where an account sits in its group; it decides the legal form of its name.
/// (Branches are named after their parent, see `DemoCompanies.branchName`.)
enum DemoGroupRole: Sendable {
    case standalone, holding, subsidiary
}

enum DemoCompanies {
    static let industries: [DemoIndustry] = DemoTable.rows("""
        Automotive|Motors|汽车销售|Авто|avto|auto, Logistics|Logistics|物流|Логистик|logistik|logistics,
        Construction|Construction|建设工程|Строй|stroy|build, Manufacturing|Manufacturing|机械制造|Маш|mash|mfg,
        Retail|Retail|商贸|Торг|torg|retail, Food & Beverage|Foods|食品|Продукт|produkt|foods,
        Energy|Energy|能源|Энерго|energo|energy, Technology|Technologies|科技|Тех|tekh|tech,
        Healthcare|Health|医药|Мед|med|health, Agriculture|Agri|农业发展|Агро|agro|agri,
        Chemicals|Chemicals|化工|Хим|khim|chem, Mining|Mining|矿业|Руда|ruda|mining,
        Wholesale|Trading|贸易|Снаб|snab|trading, Transport|Transport|运输|Транс|trans|transport
        """).map { DemoIndustry(name: $0[0], englishWord: $0[1], chinese: $0[2], russian: $0[3], russianLatin: $0[4], slug: $0[5]) }

    static func brand(_ market: DemoMarket, _ random: inout DemoRandom) -> DemoBrand {
        let industry = random.int(industries.count)
        let sector = industries[industry]
        switch market.language {
        case .chinese:
            let first = random.pick(chineseFirst)
            var second = random.pick(chineseSecond)
            if second.0 == first.0 { second = chineseSecond[0] }
            return DemoBrand(local: first.0 + second.0, industry: industry,
                             domain: "\(first.1)\(second.1)-\(sector.slug).\(market.topLevelDomain)")
        case .russian:
            if random.chance(0.75) {
                let prefix = random.pick(russianPrefixes)
                return DemoBrand(local: prefix.0 + sector.russian, industry: industry,
                                 domain: "\(prefix.1)\(sector.russianLatin).\(market.topLevelDomain)")
            }
            let adjective = random.pick(russianAdjectives)
            let noun = random.pick(russianNouns)
            return DemoBrand(local: "\(adjective.0) \(noun.0)", industry: industry,
                             domain: "\(adjective.1)-\(noun.1).\(market.topLevelDomain)")
        case .english:
            if random.chance(0.7) {
                let prefix = random.pick(englishPrefixes)
                let suffix = random.pick(englishSuffixes)
                let word = prefix + suffix
                return DemoBrand(local: word, industry: industry,
                                 domain: "\(word.lowercased())\(sector.slug).\(market.topLevelDomain)")
            }
            let first = random.pick(DemoPeople.englishFamily)
            var second = random.pick(DemoPeople.englishFamily)
            if second == first { second = "Sons" }
            return DemoBrand(local: "\(first) & \(second)", industry: industry,
                             domain: "\(DemoPeople.ascii(first))\(DemoPeople.ascii(second)).\(market.topLevelDomain)")
        }
    }

    static func name(
        brand: DemoBrand, role: DemoGroupRole, industry: DemoIndustry, city: DemoCity, market: DemoMarket, _ random: inout DemoRandom
    ) -> String {
        switch market.language {
        case .chinese:
            switch role {
            case .standalone: return "\(city.name)\(brand.local)\(industry.chinese)有限公司"
            case .holding: return random.chance(0.5) ? "\(brand.local)集团有限公司" : "\(brand.local)控股集团有限公司"
            case .subsidiary: return "\(brand.local)（\(city.name)）\(industry.chinese)有限公司"
            }
        case .russian:
            switch role {
            case .standalone: return "\(russianLegalForms[random.weighted([80, 15, 5])]) «\(brand.local)»"
            case .holding: return random.chance(0.5) ? "ГК «\(brand.local)»" : "АО «\(brand.local) Холдинг»"
            case .subsidiary: return "ООО «\(brand.local)-\(city.name)»"
            }
        case .english:
            let forms = englishLegalForms[market.country] ?? ["Ltd"]
            switch role {
            case .standalone: return "\(brand.local) \(industry.englishWord) \(random.pick(forms))"
            case .holding:
                return market.country == "US" ? "\(brand.local) Holdings Inc." : market.country == "GB" ? "\(brand.local) Group plc" : "\(brand.local) Group Ltd"
            case .subsidiary: return "\(brand.local) \(industry.englishWord) \(forms[0])"
            }
        }
    }

    /// A branch carries its parent company's name and its own place.
    static func branchName(parent: String, parentCity: DemoCity, city: DemoCity, market: DemoMarket, _ random: inout DemoRandom) -> String {
        switch market.language {
        case .chinese:
            return parent + (city.name == parentCity.name ? random.pick(chineseDistricts) : city.name) + "分公司"
        case .russian:
            return "Филиал \(parent) в г. \(city.name)"
        case .english:
            return city.name == parentCity.name ? "\(parent), \(random.pick(englishSites)) site" : "\(parent), \(city.name) branch"
        }
    }

    static let chineseFirst = DemoTable.pairs("""
        华|hua, 盛|sheng, 恒|heng, 远|yuan, 金|jin, 宏|hong, 新|xin, 东|dong, 海|hai, 中|zhong, 百|bai, 天|tian, 鼎|ding,
        瑞|rui, 博|bo, 汇|hui, 永|yong, 安|an, 众|zhong, 嘉|jia, 锦|jin, 凯|kai, 信|xin, 福|fu, 德|de, 腾|teng, 卓|zhuo,
        光|guang, 立|li, 创|chuang
        """)
    static let chineseSecond = DemoTable.pairs("""
        达|da, 通|tong, 航|hang, 桥|qiao, 图|tu, 星|xing, 方|fang, 联|lian, 川|chuan, 成|cheng, 丰|feng, 泰|tai, 诚|cheng,
        禾|he, 程|cheng, 润|run, 飞|fei, 越|yue, 明|ming, 源|yuan, 合|he, 利|li, 力|li, 辉|hui, 宇|yu, 晟|sheng, 耀|yao,
        峰|feng, 华|hua, 鑫|xin
        """)
    static let chineseDistricts = DemoTable.list("浦东, 城东, 城西, 高新区, 开发区, 南区, 北区, 滨海, 江北, 经开区")
    static let russianPrefixes = DemoTable.pairs("""
        Волга|volga, Урал|ural, Север|sever, Сиб|sib, Балт|balt, Нева|neva, Дон|don, Кама|kama, Ока|oka, Алтай|altay,
        Байкал|baykal, Вектор|vektor, Альфа|alfa, Гранд|grand, Мега|mega, Профи|profi, Старт|start, Прогресс|progress,
        Техно|tekhno, Спец|spets, Регион|region, Евро|evro, Центр|tsentr, Восток|vostok, Запад|zapad, Юг|yug,
        Арктик|arktik, Полюс|polyus, Титан|titan, Меридиан|meridian
        """)
    static let russianAdjectives = DemoTable.pairs("""
        Северный|severny, Южный|yuzhny, Новый|novy, Красный|krasny, Белый|bely, Золотой|zolotoy, Надёжный|nadezhny,
        Быстрый|bystry, Верный|verny, Первый|pervy
        """)
    static let russianNouns = DemoTable.pairs("""
        Ветер|veter, Мост|most, Путь|put, Берег|bereg, Край|kray, Парус|parus, Маяк|mayak, Стандарт|standart, Альянс|alyans, Поток|potok
        """)
    static let russianLegalForms = ["ООО", "АО", "ПАО"]
    static let englishPrefixes = DemoTable.list("""
        North, South, East, West, Stone, Oak, River, Lake, Red, Blue, Green, Silver, Gold, Iron, Bright, High, Fair, Clear,
        Pine, Maple, Ash, Elm, Cedar, Wolf
        """)
    static let englishSuffixes = DemoTable.list("""
        field, bridge, wood, gate, stone, view, ridge, brook, haven, ford, well, point, crest, vale, water, hurst, moor, wick
        """)
    static let englishSites = DemoTable.list("North, South, East, West, Riverside, Airport, Docklands")
    static let englishLegalForms: [String: [String]] = ["US": ["Inc.", "LLC", "Corp."], "GB": ["Ltd", "Ltd", "plc"], "IE": ["Ltd", "DAC"]]
}
