import Foundation

/// Job titles, deal names and activity wording in the three languages. Every table is
/// indexed by `DemoLanguage.rawValue` and aligned across languages, so the same
/// position means the same thing (the same title has the same decision role).
enum DemoWording {
    // MARK: Org charts

    /// Titles by org-chart level (0 = the top), deepest table reused below level 3.
    static let titles: [[[String]]] = [
        [
            DemoTable.list("总经理, 董事长, 首席执行官"),
            DemoTable.list("财务总监, 运营总监, 采购总监, 技术总监, 销售总监, 物流总监"),
            DemoTable.list("采购经理, 车队经理, 仓储经理, IT经理, 财务经理, 物流经理"),
            DemoTable.list("采购专员, 调度员, 工程师, 会计, 行政助理, 仓库主管"),
        ],
        [
            DemoTable.list("Генеральный директор, Президент, Управляющий директор"),
            DemoTable.list("Финансовый директор, Операционный директор, Директор по закупкам, Технический директор, Коммерческий директор, Директор по логистике"),
            DemoTable.list("Руководитель отдела закупок, Начальник автоколонны, Руководитель склада, Руководитель ИТ-отдела, Главный бухгалтер, Руководитель отдела логистики"),
            DemoTable.list("Менеджер по закупкам, Диспетчер, Инженер, Бухгалтер, Помощник руководителя, Специалист по логистике"),
        ],
        [
            DemoTable.list("Chief Executive Officer, Managing Director, President"),
            DemoTable.list("Chief Financial Officer, VP Operations, Head of Procurement, Chief Technology Officer, VP Sales, Head of Logistics"),
            DemoTable.list("Procurement Manager, Fleet Manager, Warehouse Manager, IT Manager, Finance Manager, Logistics Manager"),
            DemoTable.list("Buyer, Dispatcher, Engineer, Accountant, Executive Assistant, Logistics Coordinator"),
        ],
    ]

    /// Decision role of the title at the same position, by level.
    static let decisionRoles: [[String]] = [
        ["decisionMaker", "decisionMaker", "decisionMaker"],
        ["decisionMaker", "influencer", "evaluator", "evaluator", "influencer", "influencer"],
        ["evaluator", "user", "user", "evaluator", "influencer", "user"],
        ["user", "user", "evaluator", "user", "gatekeeper", "user"],
    ]

    // MARK: Deals

    /// What the demo company sells: heavy trucks, forklifts, telematics and service.
    struct Product: Sendable {
        let weight: Int
        let quantity: ClosedRange<Int>
        /// Dollar price per unit (range), or of the whole deal when `quantity` is 1...1.
        let unitDollars: ClosedRange<Int>
        /// Deal name templates: `{q}` quantity, `{city}` the account's city, `{year}`.
        let names: [String]
        /// Subscriptions are sold for one to three years.
        var multiYear = false
    }

    static let products: [Product] = [
        Product(weight: 25, quantity: 2...60, unitDollars: 88_000...112_000,
                names: ["牵引车采购项目（{q}台）", "Поставка седельных тягачей ({q} шт.)", "Fleet renewal: {q} tractor units"]),
        Product(weight: 25, quantity: 2...40, unitDollars: 22_000...34_000,
                names: ["{city}仓库叉车项目（{q}台）", "Погрузчики для склада, г. {city} ({q} шт.)", "{q} forklifts for the {city} warehouse"]),
        Product(weight: 20, quantity: 10...500, unitDollars: 300...1_400,
                names: ["车队管理系统订阅（{q}辆）", "Телематика: подписка на {q} ТС", "Telematics subscription, {q} vehicles"],
                multiYear: true),
        Product(weight: 15, quantity: 1...1, unitDollars: 20_000...600_000,
                names: ["{year}年度配件框架协议", "Рамочный договор на запчасти, {year}", "Spare parts framework {year}"]),
        Product(weight: 15, quantity: 1...1, unitDollars: 15_000...350_000,
                names: ["{year}年维保服务合同", "Сервисный контракт на {year} год", "Service contract {year}"]),
    ]

    static let competitors: [[String]] = [
        DemoTable.list("中国重汽, 一汽解放, 东风商用车, 陕汽重卡, 杭叉集团, 合力叉车, 福田戴姆勒"),
        DemoTable.list("КАМАЗ, ГАЗ, МАЗ, Sitrak, Shacman, Komatsu, Jungheinrich"),
        DemoTable.list("Volvo Trucks, Scania, DAF, MAN, Toyota Material Handling, Jungheinrich, Linde, Caterpillar"),
    ]

    static let lostReasons: [[String]] = [
        DemoTable.list("价格过高, 选择了竞争对手, 没有预算, 项目取消, 未做决定, 交货期太长"),
        DemoTable.list("Высокая цена, Выбрали конкурента, Нет бюджета, Проект отменён, Решение не принято, Долгий срок поставки"),
        DemoTable.list("Price too high, Chose a competitor, No budget, Project cancelled, No decision, Delivery time too long"),
    ]

    static let accountTags = DemoTable.list("fleet, dealer-network, export, government, tender, renewal, leasing, key-account")

    // MARK: Leads

    static let leadSources = ["web", "referral", "trade show", "call centre", "partner", "email campaign", "social media"]
    static let leadSourceWeights = [30, 12, 12, 15, 10, 11, 10]

    // MARK: Activities

    /// Subjects by activity type (`EntityDefinition.activityTypes` order) and language.
    static let subjects: [String: [[String]]] = [
        "call": [
            DemoTable.list("初次电话沟通, 报价跟进电话, 交付计划电话沟通, 例行回访, 维保合同续签电话, 需求了解电话"),
            DemoTable.list("Вводный звонок, Звонок по коммерческому предложению, Звонок: график поставки, Контрольный звонок, Звонок по продлению сервисного договора, Звонок: выявление потребностей"),
            DemoTable.list("Intro call, Follow-up call on the quote, Call about the delivery schedule, Check-in call, Call about the service contract renewal, Discovery call"),
        ],
        "meeting": [
            DemoTable.list("客户现场拜访, 产品演示, 商务谈判, 季度业务回顾, 试驾活动, 项目启动会"),
            DemoTable.list("Выезд на площадку клиента, Демонстрация техники, Переговоры по условиям, Квартальная встреча, Тест-драйв, Стартовая встреча"),
            DemoTable.list("On-site visit, Product demo, Negotiation meeting, Quarterly business review, Test drive, Kick-off meeting"),
        ],
        "email": [
            DemoTable.list("发送报价单, 发送产品手册, 发送合同草案, 回复技术问题, 发送会议纪要"),
            DemoTable.list("Отправлено КП, Отправлен каталог техники, Отправлен проект договора, Ответ на технические вопросы, Отправлено резюме встречи"),
            DemoTable.list("Sent the quote, Sent the product brochure, Sent the draft contract, Answered technical questions, Sent the meeting summary"),
        ],
        "task": [
            DemoTable.list("准备方案书, 更新价格表, 安排试驾, 核查信用额度, 开具发票, 收回签字合同"),
            DemoTable.list("Подготовить КП, Обновить прайс-лист, Организовать тест-драйв, Проверить кредитный лимит, Выставить счёт, Получить подписанный договор"),
            DemoTable.list("Prepare the proposal, Update the price list, Arrange a test drive, Check the credit limit, Send the invoice, Collect the signed contract"),
        ],
        "note": [
            DemoTable.list("明年预算已批准, 决策推迟到第二季度, 新任车队经理已到岗, 倾向融资租赁而非购买, 竞争对手报价更低"),
            DemoTable.list("Бюджет на следующий год утверждён, Решение отложено до II квартала, Назначен новый начальник автоколонны, Предпочитает лизинг покупке, Конкурент предложил цену ниже"),
            DemoTable.list("Budget approved for next year, Decision postponed until Q2, New fleet manager appointed, Prefers leasing to buying, A competitor offered a lower price"),
        ],
    ]
    static let activityTypeWeights = [30, 15, 25, 20, 10]

    static let outcomes: [[String]] = [
        DemoTable.list("有兴趣，需要报价, 未接通，已留言, 要求下周再联系, 已约定下次会面, 暂无需求"),
        DemoTable.list("Интересно; ждут КП, Не дозвонились; оставили сообщение, Просили перезвонить на следующей неделе, Договорились о встрече, Пока не актуально"),
        DemoTable.list("Interested; wants a quote, Left a voicemail, Asked us to call back next week, Agreed on a next meeting, Not interested for now"),
    ]
    static let completed = ["已完成", "Выполнено", "Completed"]
}
