extension EntityDefinition {
    /// How sure the rep is of a deal for the forecast; a manager may override it.
    public static let forecastCategories = ["pipeline", "bestCase", "commit", "closed"]

    public static let opportunity = EntityDefinition(
        name: "opportunity", plural: "opportunities", title: "Opportunity",
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Name", required: true, indexed: true, searchable: true),
            FieldDefinition("accountId", .reference("account"), label: "Account", indexed: true),
            FieldDefinition("primaryContactId", .reference("contact"), label: "Primary contact"),
            FieldDefinition("pipelineId", .reference("pipeline"), label: "Pipeline", indexed: true),
            FieldDefinition("stageId", .reference("stage"), label: "Stage", required: true, indexed: true),
            FieldDefinition("status", .choice(["open", "won", "lost"]), label: "Status", access: .readOnly, indexed: true),
            FieldDefinition("amount", .money, label: "Amount", indexed: true),
            FieldDefinition("probability", .integer(minimum: 0, maximum: 100), label: "Probability %"),
            FieldDefinition("expectedCloseDate", .date, label: "Expected close date", indexed: true),
            FieldDefinition("competitors", .textList(.names), label: "Competitors"),
            FieldDefinition("lostReason", .text(maxLength: 200), label: "Lost reason"),
            FieldDefinition("forecastCategory", .choice(forecastCategories), label: "Forecast category", indexed: true),
            FieldDefinition("managerForecastCategory", .choice(forecastCategories), label: "Manager's forecast category"),
            FieldDefinition("closedAt", .timestamp, label: "Closed at", access: .readOnly, indexed: true),
            FieldDefinition("tags", .textList(.tags), label: "Tags", searchable: true),
        ],
        // stageId + expectedCloseDate: a board column, soonest to close first, for any role.
        compositeIndexes: [["stageId", "ownerId"], ["ownerId", "updatedAt"], ["stageId", "expectedCloseDate"]],
        reportIndexes: [["tenantId", "status", "stageId", "ownerId", "amount"], ["tenantId", "status", "expectedCloseDate", "amount"],
                        ["tenantId", "ownerId", "status", "stageId", "amount"], ["tenantId", "ownerId", "status", "expectedCloseDate", "amount"],
                        // A manager's teams' won deals by month (Home).
                        ["tenantId", "teamId", "status", "expectedCloseDate", "amount"],
                        // Forecast by close month, win/loss by the day deals closed.
                        ["tenantId", "expectedCloseDate", "status", "ownerId", "teamId", "probability", "forecastCategory",
                         "managerForecastCategory", "amount"],
                        ["tenantId", "closedAt", "status", "ownerId", "teamId", "accountId", "lostReason", "competitors", "amount"],
                        // The forecast groups in this order, so the database streams its groups
                        // instead of sorting every deal of the period.
                        ["tenantId", "status", "ownerId", "teamId", "forecastCategory", "managerForecastCategory",
                         "amount.currency", "expectedCloseDate", "probability", "amount"]],
        defaultSort: [SortKey("expectedCloseDate")]
    )
}
