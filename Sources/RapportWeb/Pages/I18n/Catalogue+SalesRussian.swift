extension Catalogue {
    /// Russian for sales management and order-to-cash.
    static let russianSalesMessages: [String: String] = [
        "entity.product": "Товар",
        "entities.product": "Товары",
        "field.product.sku": "Артикул",
        "field.product.name": "Название",
        "field.product.family": "Товарная группа",
        "field.product.unit": "Единица",
        "field.product.unitCost": "Себестоимость единицы",
        "field.product.active": "Активен",
        "field.product.taxCategory": "Налоговая категория",
        "field.product.description": "Описание",
        "choice.product.taxCategory.standard": "Основная ставка",
        "choice.product.taxCategory.reduced": "Пониженная ставка",
        "choice.product.taxCategory.zero": "Нулевая ставка",
        "choice.product.taxCategory.exempt": "Без НДС",
        "entity.pricebook": "Прайс-лист",
        "entities.pricebook": "Прайс-листы",
        "field.pricebook.name": "Название",
        "field.pricebook.currency": "Валюта",
        "field.pricebook.channel": "Канал",
        "field.pricebook.active": "Активен",
        "field.pricebook.description": "Описание",
        "choice.pricebook.channel.direct": "Прямые продажи",
        "choice.pricebook.channel.partner": "Партнёры",
        "choice.pricebook.channel.online": "Интернет-магазин",
    ]
}
