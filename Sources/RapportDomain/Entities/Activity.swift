extension EntityDefinition {
    public static let activityTypes = ["call", "meeting", "email", "task", "note"]
    /// Entities an activity can be linked to.
    public static let activityTargets = ["account", "contact", "lead", "opportunity"]

    public static let activity = EntityDefinition(
        name: "activity", plural: "activities", title: "Activity",
        // Subject first: the first field is what a list links each row by.
        fields: [
            FieldDefinition("subject", .text(maxLength: 300), label: "Subject", required: true, searchable: true),
            FieldDefinition("type", .choice(activityTypes), label: "Type", required: true, indexed: true),
            FieldDefinition("details", .text(maxLength: 10_000), label: "Details"),
            FieldDefinition("relatedType", .choice(activityTargets), label: "Related record type"),
            FieldDefinition("relatedId", .uuid, label: "Related record", indexed: true),
            FieldDefinition("dueAt", .timestamp, label: "Due at", indexed: true),
            FieldDefinition("reminderAt", .timestamp, label: "Reminder at", indexed: true),
            FieldDefinition("done", .boolean, label: "Done"),
            FieldDefinition("doneAt", .timestamp, label: "Done at"),
            FieldDefinition("outcome", .text(maxLength: 500), label: "Outcome"),
            FieldDefinition("tags", .textList(.tags), label: "Tags", searchable: true),
        ],
        // teamId + done + dueAt: a manager's team's open tasks, soonest first (Home), one team at a time.
        compositeIndexes: [["relatedId", "dueAt"], ["ownerId", "dueAt"], ["ownerId", "done", "dueAt"], ["ownerId", "done", "reminderAt"],
                           ["ownerId", "updatedAt"], ["teamId", "done", "dueAt"]],
        // Done activities by the day done, for the activity and plan-vs-actual reports.
        reportIndexes: [["tenantId", "doneAt", "done", "type", "ownerId", "teamId"]],
        defaultSort: [SortKey("dueAt", descending: true)]
    )
}
