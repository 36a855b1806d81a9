import RapportDomain

/// The OpenAPI 3.1 document, generated from the entity declarations of a catalog
/// (so a tenant's custom fields appear in it).
struct OpenAPIDocument {
    let catalog: Catalog

    var json: JSONValue {
        var paths = JSONObject()
        for entity in catalog.entities { add(entity, to: &paths) }
        addFixedPaths(to: &paths)
        var schemas = JSONObject([
            "Problem": problemSchema,
            "AuditEntry": obj(["type": "object", "required": ["at", "actorId", "entity", "recordId", "action", "changes"], "properties": obj([
                "at": obj(["type": "string", "format": "date-time"]), "actorId": obj(["type": ["string", "null"], "format": "uuid"]),
                "entity": obj(["type": "string"]), "recordId": obj(["type": "string", "format": "uuid"]),
                "action": obj(["type": "string", "enum": ["create", "update", "delete", "restore", "share", "unshare"]]),
                "changes": obj(["type": "object", "description": "field → {old, new}"]),
            ])]),
            "User": userSchema,
            "Pipeline": pipelineSchema,
            "Stage": stageSchema,
        ])
        for entity in catalog.entities {
            schemas[entity.schemaName] = recordSchema(entity)
            schemas["\(entity.schemaName)Input"] = inputSchema(entity, create: true)
            schemas["\(entity.schemaName)Patch"] = inputSchema(entity, create: false)
        }
        return obj([
            "openapi": "3.1.0",
            "info": obj([
                "title": "Rapport CRM API", "version": "1.0.0",
                "description": """
                    Records of every entity share one shape of API. Lists take filter[field]=value or \
                    filter[field][op]=value (eq, ne, lt, lte, gt, gte, in, contains, empty), sort=field,-field, \
                    limit (1-500), an opaque cursor, q= for full-text search and count=true. Errors are RFC 9457 problem+json.
                    """,
            ]),
            "servers": [obj(["url": "/"])],
            "security": [obj(["bearer": JSONValue.array([])])],
            "paths": .object(paths),
            "components": obj([
                "schemas": .object(schemas),
                "securitySchemes": obj(["bearer": obj(["type": "http", "scheme": "bearer", "description": "A sign-in token or an API key."])]),
            ]),
        ])
    }

    // MARK: Entities

    private func add(_ entity: EntityDefinition, to paths: inout JSONObject) {
        let ref = schemaRef(entity.schemaName)
        let tag: JSONValue = [.string(entity.title)]
        let idParameter = obj(["name": "id", "in": "path", "required": true, "schema": obj(["type": "string"])])
        let etagHeaders = obj(["ETag": obj(["description": "The record's version", "schema": obj(["type": "string"])])])
        paths["/api/v1/\(entity.plural)"] = obj([
            "get": operation("List \(entity.plural)", tag: tag, id: "list\(entity.schemaName)", parameters: listParameters(entity), responses: [
                "200": jsonResponse("A page of \(entity.plural)", obj([
                    "type": "object", "required": ["data", "nextCursor", "meta"],
                    "properties": obj([
                        "data": obj(["type": "array", "items": ref]),
                        "nextCursor": obj(["type": ["string", "null"]]),
                        "meta": obj(["type": "object", "required": ["limit"], "properties": obj([
                            "limit": obj(["type": "integer"]), "total": obj(["type": "integer"]),
                        ])]),
                    ]),
                ])),
            ]),
            "post": operation("Create a \(entity.name)", tag: tag, id: "create\(entity.schemaName)",
                              body: schemaRef("\(entity.schemaName)Input"), responses: [
                "201": jsonResponse("Created", ref, headers: etagHeaders),
            ]),
        ])
        paths["/api/v1/\(entity.plural)/{id}"] = obj([
            "parameters": [idParameter],
            "get": operation("Get a \(entity.name)", tag: tag, id: "get\(entity.schemaName)", responses: ["200": jsonResponse("The record", ref, headers: etagHeaders)]),
            "patch": operation("Change a \(entity.name)", tag: tag, id: "update\(entity.schemaName)", parameters: [ifMatch],
                               body: schemaRef("\(entity.schemaName)Patch"), responses: ["200": jsonResponse("The changed record", ref, headers: etagHeaders)]),
            "delete": operation("Delete a \(entity.name) (soft; it can be restored)", tag: tag, id: "delete\(entity.schemaName)",
                                parameters: [ifMatch], responses: ["204": obj(["description": "Deleted"])]),
        ])
        paths["/api/v1/\(entity.plural)/{id}/restore"] = obj([
            "parameters": [idParameter],
            "post": operation("Restore a deleted \(entity.name)", tag: tag, id: "restore\(entity.schemaName)", responses: ["200": jsonResponse("The restored record", ref)]),
        ])
        paths["/api/v1/\(entity.plural)/{id}/history"] = obj([
            "parameters": [idParameter],
            "get": operation("Change history of a \(entity.name)", tag: tag, id: "history\(entity.schemaName)", responses: [
                "200": jsonResponse("Audit entries, newest first", obj(["type": "object", "required": ["data"],
                    "properties": obj(["data": obj(["type": "array", "items": schemaRef("AuditEntry")])])])),
            ]),
        ])
        let share = obj(["type": "object", "required": ["userId", "canEdit"], "properties": obj([
            "userId": obj(["type": "string", "format": "uuid"]), "canEdit": obj(["type": "boolean"]),
        ])])
        paths["/api/v1/\(entity.plural)/{id}/shares"] = obj([
            "parameters": [idParameter],
            "get": operation("Users a \(entity.name) is shared with", tag: tag, id: "shares\(entity.schemaName)", responses: ["200": jsonResponse("Shares", dataList(share))]),
        ])
        paths["/api/v1/\(entity.plural)/{id}/shares/{userId}"] = obj([
            "parameters": [idParameter, obj(["name": "userId", "in": "path", "required": true, "schema": obj(["type": "string"])])],
            "put": operation("Share a \(entity.name) with a user", tag: tag, id: "share\(entity.schemaName)",
                             body: obj(["type": "object", "required": ["canEdit"], "additionalProperties": false,
                                        "properties": obj(["canEdit": obj(["type": "boolean"])])]),
                             responses: ["200": jsonResponse("The share", share)]),
            "delete": operation("Stop sharing a \(entity.name) with a user", tag: tag, id: "unshare\(entity.schemaName)",
                                responses: ["204": obj(["description": "No longer shared"])]),
        ])
        paths["/api/v1/\(entity.plural)/bulk"] = obj([
            "post": operation("Create or upsert up to 10,000 \(entity.plural)", tag: tag, id: "bulk\(entity.schemaName)",
                              body: obj(["type": "object", "required": ["records"], "additionalProperties": false, "properties": obj([
                                "records": obj(["type": "array", "minItems": 1, "maxItems": 10_000, "items": schemaRef("\(entity.schemaName)Patch")]),
                                "upsertOn": obj(["type": ["string", "null"], "enum": ["externalId", .null]]),
                              ])]),
                              responses: ["200": jsonResponse("One result per row", bulkResultSchema)]),
        ])
        if entity.name == "lead" {
            paths["/api/v1/leads/{id}/convert"] = obj([
                "parameters": [idParameter],
                "post": operation("Convert a lead into an account, a contact and an opportunity", tag: tag, id: "convertLead",
                                  body: conversionSchema, bodyRequired: false, responses: [
                    "200": jsonResponse("What the lead became", obj(["type": "object", "required": ["lead", "account", "contact", "opportunity", "matched"],
                        "properties": obj([
                            "lead": schemaRef("Lead"), "account": schemaRef("Account"), "contact": schemaRef("Contact"),
                            "opportunity": obj(["oneOf": [schemaRef("Opportunity"), obj(["type": "null"])]]),
                            "matched": obj(["type": "object", "properties": obj(["account": obj(["type": "boolean"]), "contact": obj(["type": "boolean"])])]),
                        ])])),
                ]),
            ])
        }
    }

    private func listParameters(_ entity: EntityDefinition) -> [JSONValue] {
        var filterProperties = JSONObject()
        for field in entity.allFields { filterProperties[field.name] = obj(["type": "string"]) }
        return [
            obj(["name": "q", "in": "query", "description": "Full-text search", "schema": obj(["type": "string", "maxLength": 200])]),
            obj(["name": "sort", "in": "query", "description": "Fields, comma-separated; - for descending", "schema": obj(["type": "string"])]),
            obj(["name": "limit", "in": "query", "schema": obj(["type": "integer", "minimum": 1, "maximum": 500, "default": 50])]),
            obj(["name": "cursor", "in": "query", "description": "nextCursor of the previous page", "schema": obj(["type": "string"])]),
            obj(["name": "count", "in": "query", "description": "Add meta.total", "schema": obj(["type": "boolean"])]),
            obj(["name": "deleted", "in": "query", "description": "List deleted records instead", "schema": obj(["type": "boolean"])]),
            obj(["name": "filter", "in": "query", "style": "deepObject", "explode": true,
                 "description": "filter[field]=value; filter[field][op]=value also works", "schema": obj([
                    "type": "object", "properties": .object(filterProperties), "additionalProperties": false,
                 ])]),
        ]
    }

    private func recordSchema(_ entity: EntityDefinition) -> JSONValue {
        var properties = JSONObject()
        var custom = JSONObject()
        for field in entity.allFields {
            if field.isCustom {
                custom[String(field.name.dropFirst("custom.".count))] = FieldSchema.schema(for: field, input: false).nullable
            } else {
                properties[field.name] = field.name == "id" ? obj(["type": "string", "format": "uuid", "readOnly": true])
                    : FieldSchema.schema(for: field, input: false).nullable
            }
        }
        properties["custom"] = obj(["type": "object", "properties": .object(custom)])
        properties["deletedAt"] = obj(["type": "string", "format": "date-time"])
        return obj([
            "type": "object", "properties": .object(properties),
            "required": .array((entity.allFields.filter { !$0.isCustom }.map(\.name) + ["custom"]).map(JSONValue.string)),
        ])
    }

    private func inputSchema(_ entity: EntityDefinition, create: Bool) -> JSONValue {
        var properties = JSONObject()
        var custom = JSONObject()
        for field in entity.allFields where field.access == .readWrite {
            if field.isCustom {
                custom[String(field.name.dropFirst("custom.".count))] = FieldSchema.schema(for: field, input: true)
            } else {
                properties[field.name] = FieldSchema.schema(for: field, input: true)
            }
        }
        properties["custom"] = obj(["type": "object", "properties": .object(custom), "additionalProperties": false])
        var schema = JSONObject(["type": "object", "properties": .object(properties), "additionalProperties": false])
        if create {
            schema["required"] = .array(entity.allFields.filter(\.required).map { .string($0.name) })
        }
        return .object(schema)
    }

    // MARK: Fixed endpoints

    private func addFixedPaths(to paths: inout JSONObject) {
        let open: JSONValue = [JSONValue]([]).json
        paths["/health"] = obj(["get": operation("Liveness and database check", tag: ["Operations"], id: "health", security: open, responses: [
            "200": jsonResponse("Healthy", obj(["type": "object", "properties": obj(["status": obj(["type": "string"]), "database": obj(["type": "string"])])])),
        ])])
        paths["/ping"] = obj(["get": operation("Answers pong without touching the database", tag: ["Operations"], id: "ping", security: open, responses: [
            "200": obj(["description": "pong", "content": obj(["text/plain": obj(["schema": obj(["type": "string"])])])]),
        ])])
        paths["/metrics"] = obj(["get": operation("Prometheus metrics", tag: ["Operations"], id: "metrics", security: open, responses: [
            "200": obj(["description": "Prometheus text format", "content": obj(["text/plain": obj(["schema": obj(["type": "string"])])])]),
        ])])
        paths["/api/v1/openapi.json"] = obj(["get": operation("This document", tag: ["Operations"], id: "openapi", security: open, responses: [
            "200": jsonResponse("OpenAPI 3.1", obj(["type": "object"])),
        ])])
        paths["/api/v1/auth/login"] = obj(["post": operation("Sign in", tag: ["Auth"], id: "login", security: open,
            body: obj(["type": "object", "required": ["email", "password"], "additionalProperties": false, "properties": obj([
                "email": obj(["type": "string"]), "password": obj(["type": "string"]),
            ])]),
            responses: ["200": jsonResponse("A bearer token", obj(["type": "object", "required": ["token", "user"], "properties": obj([
                "token": obj(["type": "string"]), "user": schemaRef("User"),
            ])]))])])
        paths["/api/v1/auth/logout"] = obj(["post": operation("Sign out (revokes this token)", tag: ["Auth"], id: "logout", responses: [
            "204": obj(["description": "Signed out"]),
        ])])
        paths["/api/v1/me"] = obj(["get": operation("The signed-in user", tag: ["Auth"], id: "me", responses: ["200": jsonResponse("The user", schemaRef("User"))])])
        let apiKey = obj(["type": "object", "required": ["id", "name", "prefix", "createdAt", "revokedAt"], "properties": obj([
            "id": obj(["type": "string", "format": "uuid"]), "name": obj(["type": "string"]), "prefix": obj(["type": "string"]),
            "createdAt": obj(["type": "string", "format": "date-time"]), "revokedAt": obj(["type": ["string", "null"], "format": "date-time"]),
            "token": obj(["type": "string", "description": "Only in the answer to creation"]),
        ])])
        paths["/api/v1/api-keys"] = obj([
            "get": operation("My API keys", tag: ["Auth"], id: "listApiKeys", responses: ["200": jsonResponse("Keys", dataList(apiKey))]),
            "post": operation("Create an API key", tag: ["Auth"], id: "createApiKey",
                              body: obj(["type": "object", "required": ["name"], "additionalProperties": false,
                                         "properties": obj(["name": obj(["type": "string", "minLength": 1, "maxLength": 100])])]),
                              responses: ["201": jsonResponse("The key; its token is shown only now", apiKey)]),
        ])
        paths["/api/v1/api-keys/{keyId}"] = obj([
            "parameters": [obj(["name": "keyId", "in": "path", "required": true, "schema": obj(["type": "string"])])],
            "delete": operation("Revoke an API key", tag: ["Auth"], id: "revokeApiKey", responses: ["204": obj(["description": "Revoked"])]),
        ])
        let customField = obj(["type": "object", "required": ["entity", "key", "label", "type"], "properties": obj([
            "entity": obj(["type": "string", "enum": .array(Catalog.builtIn.map { .string($0.name) })]),
            "key": obj(["type": "string", "pattern": "^[a-z][A-Za-z0-9]{0,39}$"]),
            "label": obj(["type": "string", "minLength": 1, "maxLength": 100]),
            "type": obj(["type": "string", "enum": .array(CustomField.allowedTypes.map(JSONValue.string))]),
            "choices": obj(["type": "array", "items": obj(["type": "string", "minLength": 1, "maxLength": 100]), "maxItems": 200]),
            "referenceEntity": obj(["type": "string", "enum": .array(Catalog.builtIn.map { .string($0.name) })]),
        ])])
        paths["/api/v1/custom-fields"] = obj([
            "get": operation("Custom fields of this tenant", tag: ["Settings"], id: "listCustomFields", responses: ["200": jsonResponse("Fields", dataList(customField))]),
            "post": operation("Add a custom field (administrators)", tag: ["Settings"], id: "createCustomField",
                              body: customField.withAdditionalPropertiesFalse, responses: ["201": jsonResponse("The new field", customField)]),
        ])
        paths["/api/v1/users"] = obj(["get": operation("Users of this tenant", tag: ["Settings"], id: "listUsers", responses: [
            "200": jsonResponse("Users", dataList(schemaRef("User"))),
        ])])
        paths["/api/v1/reports/pipeline"] = obj(["get": operation("Open pipeline by stage, owner and currency", tag: ["Reports"], id: "pipelineReport", responses: [
            "200": jsonResponse("Sums", dataList(obj(["type": "object", "required": ["stageId", "ownerId", "currency", "count", "amount"], "properties": obj([
                "stageId": obj(["type": "string", "format": "uuid"]), "ownerId": obj(["type": ["string", "null"], "format": "uuid"]),
                "currency": obj(["type": ["string", "null"]]), "count": obj(["type": "integer"]), "amount": obj(["type": "string"]),
            ])]))),
        ])])
        let settings = obj(["type": "object", "required": ["tenantId", "name", "baseCurrency", "leadResponseDays"], "properties": obj([
            "tenantId": obj(["type": "string", "format": "uuid"]), "name": obj(["type": "string"]),
            "baseCurrency": obj(["type": "string"]), "leadResponseDays": obj(["type": "integer"]),
        ])])
        paths["/api/v1/settings"] = obj([
            "get": operation("Tenant settings", tag: ["Settings"], id: "getSettings", responses: ["200": jsonResponse("Settings", settings)]),
            "patch": operation("Change tenant settings (administrators)", tag: ["Settings"], id: "updateSettings",
                               body: obj(["type": "object", "additionalProperties": false, "properties": obj([
                                   "leadResponseDays": obj(["type": "integer", "minimum": 1, "maximum": 365]),
                               ])]),
                               responses: ["200": jsonResponse("Settings", settings)]),
        ])
        paths["/api/v1/pipelines"] = obj([
            "get": operation("Pipelines and their stages", tag: ["Settings"], id: "listPipelines", responses: [
                "200": jsonResponse("Pipelines", dataList(schemaRef("Pipeline"))),
            ]),
            "post": operation("Add a pipeline, without stages (administrators)", tag: ["Settings"], id: "createPipeline",
                              body: closedObject(required: ["name"], ["name": stageName]),
                              responses: ["201": jsonResponse("The new pipeline", schemaRef("Pipeline"))]),
        ])
        addSettingsPaths(to: &paths)
        addJobPaths(to: &paths)
        addSalesPaths(to: &paths)
        addOrderToCashPaths(to: &paths)
        addReportPaths(to: &paths)
    }

    /// Administrators' changes to stages and users.
    private func addSettingsPaths(to paths: inout JSONObject) {
        let idParameter = obj(["name": "id", "in": "path", "required": true, "schema": obj(["type": "string"])])
        let probability = obj(["type": "integer", "minimum": 0, "maximum": 100])
        paths["/api/v1/pipelines/{id}/stages"] = obj([
            "parameters": [idParameter],
            "post": operation("Add a stage to a pipeline (administrators); an open stage goes after the last open one, won and lost at the end",
                              tag: ["Settings"], id: "createStage",
                              body: closedObject(required: ["name", "probability"], [
                                  "name": stageName, "probability": probability, "kind": obj(["type": "string", "enum": ["open", "won", "lost"]]),
                              ]),
                              responses: ["201": jsonResponse("The new stage", schemaRef("Stage"))]),
        ])
        paths["/api/v1/stages/{id}"] = obj([
            "parameters": [idParameter],
            "patch": operation("Rename a stage or change its default probability (administrators)", tag: ["Settings"], id: "updateStage",
                               body: closedObject(required: [], ["name": stageName, "probability": probability]),
                               responses: ["200": jsonResponse("The stage", schemaRef("Stage"))]),
        ])
        paths["/api/v1/stages/{id}/move"] = obj([
            "parameters": [idParameter],
            "post": operation("Swap a stage with the one before or after it (administrators); open stages stay before the won and lost ones (422 stage_order)", tag: ["Settings"], id: "moveStage",
                              body: closedObject(required: ["direction"], ["direction": obj(["type": "string", "enum": ["up", "down"]])]),
                              responses: ["200": jsonResponse("The pipeline with its stages in their new order", schemaRef("Pipeline"))]),
        ])
        paths["/api/v1/users/{id}"] = obj([
            "parameters": [idParameter],
            "patch": operation("Change a user's role, team, partner organisation or whether they may sign in (administrators, not about themselves)",
                               tag: ["Settings"], id: "updateUser",
                               body: closedObject(required: [], [
                                   "role": obj(["type": "string", "enum": .array(Role.allCases.map { .string($0.rawValue) })]),
                                   "teamId": obj(["type": ["string", "null"], "format": "uuid"]),
                                   "partnerId": obj(["type": ["string", "null"], "format": "uuid"]),
                                   "active": obj(["type": "boolean"]),
                               ]),
                               responses: ["200": jsonResponse("The user", schemaRef("User"))]),
        ])
    }

    /// Background jobs: their creator and the tenant's administrators follow them.
    private func addJobPaths(to paths: inout JSONObject) {
        let nullableInteger = obj(["type": ["integer", "null"]])
        let time = obj(["type": "string", "format": "date-time"])
        let job = obj(["type": "object",
                       "required": ["id", "kind", "state", "progress", "attempts", "maxAttempts", "lastError", "result", "createdBy", "createdAt", "runAt", "finishedAt"],
                       "properties": obj([
            "id": obj(["type": "string", "format": "uuid"]), "kind": obj(["type": "string"]),
            "state": obj(["type": "string", "enum": ["pending", "running", "done", "failed", "dead"]]),
            "progress": obj(["type": "object", "required": ["done", "total"], "properties": obj(["done": nullableInteger, "total": nullableInteger])]),
            "attempts": obj(["type": "integer"]), "maxAttempts": obj(["type": "integer"]),
            "lastError": obj(["type": ["string", "null"]]),
            "result": obj(["description": "What the job produced, by kind; null until it is done"]),
            "createdBy": obj(["type": ["string", "null"], "format": "uuid"]),
            "createdAt": time, "runAt": obj(["type": "string", "format": "date-time", "description": "When it runs next, or last ran"]),
            "finishedAt": obj(["type": ["string", "null"], "format": "date-time"]),
        ])])
        paths["/api/v1/jobs"] = obj(["get": operation("The tenant's background jobs, newest first (administrators)", tag: ["Jobs"], id: "listJobs", parameters: [
            obj(["name": "limit", "in": "query", "schema": obj(["type": "integer", "minimum": 1, "maximum": 100, "default": 50])]),
            obj(["name": "cursor", "in": "query", "description": "nextCursor of the previous page", "schema": obj(["type": "string"])]),
        ], responses: [
            "200": jsonResponse("A page of jobs", obj(["type": "object", "required": ["data", "nextCursor"], "properties": obj([
                "data": obj(["type": "array", "items": job]), "nextCursor": obj(["type": ["string", "null"]]),
            ])])),
        ])])
        paths["/api/v1/jobs/{id}"] = obj([
            "parameters": [obj(["name": "id", "in": "path", "required": true, "schema": obj(["type": "string"])])],
            "get": operation("A background job's state, progress and result (its creator and administrators)", tag: ["Jobs"], id: "getJob",
                             responses: ["200": jsonResponse("The job", job)]),
        ])
    }

    private var stageName: JSONValue { obj(["type": "string", "minLength": 1, "maxLength": 100]) }

    private func closedObject(required: [String], _ properties: KeyValuePairs<String, JSONValue>) -> JSONValue {
        obj(["type": "object", "required": .array(required.map(JSONValue.string)), "additionalProperties": false, "properties": obj(properties)])
    }

    // MARK: Pieces

    private var ifMatch: JSONValue {
        obj(["name": "If-Match", "in": "header", "description": "The ETag you read; a stale one answers 412 and writes nothing",
             "schema": obj(["type": "string"])])
    }

    private var problemSchema: JSONValue {
        obj(["type": "object", "required": ["type", "title", "status", "detail", "code"], "properties": obj([
            "type": obj(["type": "string"]), "title": obj(["type": "string"]), "status": obj(["type": "integer"]),
            "detail": obj(["type": "string"]), "code": obj(["type": "string"]), "instance": obj(["type": "string"]),
            "requestId": obj(["type": "string"]),
            "errors": obj(["type": "array", "items": obj(["type": "object", "required": ["field", "code", "message"], "properties": obj([
                "field": obj(["type": "string"]), "code": obj(["type": "string"]), "message": obj(["type": "string"]),
            ])])]),
        ])])
    }

    private var userSchema: JSONValue {
        obj(["type": "object", "required": ["id", "email", "name", "role"], "properties": obj([
            "id": obj(["type": "string", "format": "uuid"]), "tenantId": obj(["type": "string", "format": "uuid"]),
            "email": obj(["type": "string"]), "name": obj(["type": "string"]),
            "role": obj(["type": "string", "enum": .array(Role.allCases.map { .string($0.rawValue) })]),
            "teamId": obj(["type": ["string", "null"], "format": "uuid"]), "partnerId": obj(["type": ["string", "null"], "format": "uuid"]),
            "locale": obj(["type": "string"]), "timeZone": obj(["type": "string"]),
            "active": obj(["type": "boolean", "description": "In the directory's answers; a deactivated user cannot sign in"]),
        ])])
    }

    private var pipelineSchema: JSONValue {
        obj(["type": "object", "required": ["id", "name", "isDefault", "stages"], "properties": obj([
            "id": obj(["type": "string", "format": "uuid"]), "name": obj(["type": "string"]), "isDefault": obj(["type": "boolean"]),
            "stages": obj(["type": "array", "items": schemaRef("Stage"), "description": "In board order"]),
        ])])
    }

    private var stageSchema: JSONValue {
        obj(["type": "object", "required": ["id", "pipelineId", "name", "position", "probability", "kind"], "properties": obj([
            "id": obj(["type": "string", "format": "uuid"]), "pipelineId": obj(["type": "string", "format": "uuid"]),
            "name": obj(["type": "string"]), "position": obj(["type": "integer"]),
            "probability": obj(["type": "integer", "minimum": 0, "maximum": 100]), "kind": obj(["type": "string", "enum": ["open", "won", "lost"]]),
        ])])
    }

    private var bulkResultSchema: JSONValue {
        obj(["type": "object", "required": ["data", "meta"], "properties": obj([
            "data": obj(["type": "array", "items": obj(["type": "object", "required": ["row", "status"], "properties": obj([
                "row": obj(["type": "integer"]), "status": obj(["type": "string", "enum": ["created", "updated", "error"]]),
                "id": obj(["type": "string", "format": "uuid"]), "version": obj(["type": "integer"]),
                "errors": obj(["type": "array", "items": obj(["type": "object"])]),
            ])])]),
            "meta": obj(["type": "object", "properties": obj([
                "created": obj(["type": "integer"]), "updated": obj(["type": "integer"]), "failed": obj(["type": "integer"]),
            ])]),
        ])])
    }

    private var conversionSchema: JSONValue {
        var properties = JSONObject()
        for (name, field) in LeadConversionController.fields.sorted(by: { $0.key < $1.key }) {
            properties[name] = FieldSchema.schema(for: field, input: true)
        }
        return obj(["type": "object", "properties": .object(properties), "additionalProperties": false])
    }

    private func dataList(_ item: JSONValue) -> JSONValue {
        obj(["type": "object", "required": ["data"], "properties": obj(["data": obj(["type": "array", "items": item])])])
    }

    private func schemaRef(_ name: String) -> JSONValue { obj(["$ref": .string("#/components/schemas/\(name)")]) }

    private func jsonResponse(_ description: String, _ schema: JSONValue, headers: JSONValue? = nil) -> JSONValue {
        var response = JSONObject(["description": .string(description), "content": obj(["application/json": obj(["schema": schema])])])
        if let headers { response["headers"] = headers }
        return .object(response)
    }

    private func operation(
        _ summary: String, tag: JSONValue, id: String, security: JSONValue? = nil, parameters: [JSONValue] = [],
        body: JSONValue? = nil, bodyRequired: Bool = true, responses: KeyValuePairs<String, JSONValue>
    ) -> JSONValue {
        var operation = JSONObject(["summary": .string(summary), "operationId": .string(id), "tags": tag])
        if let security { operation["security"] = security }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body {
            operation["requestBody"] = obj(["required": .bool(bodyRequired), "content": obj(["application/json": obj(["schema": body])])])
        }
        var documented = JSONObject()
        for (status, response) in responses { documented[status] = response }
        documented["default"] = obj(["description": "An RFC 9457 problem: 400 bad input, 401 sign-in needed, 403 not allowed, 404 not found or not visible, 409 conflict, 412 stale If-Match, 413 too large, 415 not JSON, 422 invalid fields, 429 too many attempts",
                                     "content": obj(["application/problem+json": obj(["schema": schemaRef("Problem")])])])
        operation["responses"] = .object(documented)
        return .object(operation)
    }
}

// MARK: Literal helpers for the document

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension Array where Element == JSONValue {
    var json: JSONValue { .array(self) }
}

private func obj(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(JSONObject(pairs)) }

extension JSONValue {
    /// Response values may be null wherever the field is optional.
    var nullable: JSONValue { self }

    var withAdditionalPropertiesFalse: JSONValue {
        guard case .object(var object) = self else { return self }
        object["additionalProperties"] = .bool(false)
        return .object(object)
    }
}

extension EntityDefinition {
    /// The entity's title as an OpenAPI component name, which allows no spaces ("PriceBook").
    var schemaName: String {
        title.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
