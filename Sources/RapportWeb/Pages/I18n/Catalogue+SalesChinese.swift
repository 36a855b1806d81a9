extension Catalogue {
    /// Chinese for sales management and order-to-cash.
    static let chineseSalesMessages: [String: String] = [
        "entity.product": "产品",
        "entities.product": "产品",
        "field.product.sku": "SKU 编码",
        "field.product.name": "名称",
        "field.product.family": "产品系列",
        "field.product.unit": "单位",
        "field.product.unitCost": "单位成本",
        "field.product.active": "在售",
        "field.product.taxCategory": "税目",
        "field.product.description": "描述",
        "choice.product.taxCategory.standard": "标准税率",
        "choice.product.taxCategory.reduced": "低税率",
        "choice.product.taxCategory.zero": "零税率",
        "choice.product.taxCategory.exempt": "免税",
        "entity.pricebook": "价格表",
        "entities.pricebook": "价格表",
        "field.pricebook.name": "名称",
        "field.pricebook.currency": "币种",
        "field.pricebook.channel": "渠道",
        "field.pricebook.active": "启用",
        "field.pricebook.description": "描述",
        "choice.pricebook.channel.direct": "直销",
        "choice.pricebook.channel.partner": "渠道伙伴",
        "choice.pricebook.channel.online": "网店",
    ]
}
