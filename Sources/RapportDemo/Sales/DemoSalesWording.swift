import Foundation

/// Titles of demo orders, invoices and expenses in the customer's language.
enum DemoSalesWording {
    static func repeatOrderName(kind: Int, _ market: DemoMarket) -> String {
        let names: [[String]] = [
            ["备件订单", "Заказ запчастей", "Spare parts order"],
            ["服务订单", "Заказ на сервисные работы", "Service order"],
            ["车联网增购", "Дозаказ телематики", "Telematics add-on order"],
        ]
        let row = kind == DemoCatalogue.Kind.service ? 1 : kind == DemoCatalogue.Kind.telematics ? 2 : 0
        return names[row][market.language.rawValue]
    }

    static func invoiceName(number: String, _ market: DemoMarket) -> String {
        ["发票 \(number)", "Счёт \(number)", "Invoice \(number)"][market.language.rawValue]
    }

    static func expenseName(category: String, deal: DemoDeal) -> String {
        let names: [String: [String]] = [
            "travel": ["客户拜访差旅", "Командировка к клиенту", "Trip to the customer"],
            "meals": ["客户工作餐", "Деловой обед с клиентом", "Lunch with the customer"],
            "entertainment": ["客户活动", "Мероприятие для клиента", "Customer event"],
            "samples": ["样品", "Образцы для клиента", "Samples for the customer"],
        ]
        return (names[category] ?? names["travel"]!)[deal.market.language.rawValue] + ": " + deal.name
    }
}
