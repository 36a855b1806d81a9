/// Fixed tables of sales management and order-to-cash: the tenant's sales rules, tax rates,
/// exchange rates, price book entries, the lines of quotes, orders and invoices, and the
/// per-tenant counters that number documents without gaps. Appended to, never edited.
enum SalesTables {
    static func statements(_ d: Dialect) -> [String] {
        let uuid = d.type(.uuid), bigint = d.type(.bigint)
        return [
            // Percentages and rates are exact decimals written as text ("12.5"); amounts are
            // integer storage units (Money.storageScale), like every money column.
            """
            CREATE TABLE IF NOT EXISTS sales_settings (
              tenant_id \(uuid) PRIMARY KEY REFERENCES tenants(id),
              max_discount_percent TEXT, min_margin_percent TEXT, approver_id \(uuid) REFERENCES users(id),
              quote_validity_days INTEGER NOT NULL DEFAULT 30, payment_terms_days INTEGER NOT NULL DEFAULT 30,
              letterhead TEXT NOT NULL DEFAULT '', updated_at \(bigint) NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS tax_rates (
              tenant_id \(uuid) NOT NULL REFERENCES tenants(id), category TEXT NOT NULL, rate TEXT NOT NULL,
              PRIMARY KEY (tenant_id, category))
            """,
            """
            CREATE TABLE IF NOT EXISTS exchange_rates (
              tenant_id \(uuid) NOT NULL REFERENCES tenants(id), currency TEXT NOT NULL, rate_date TEXT NOT NULL,
              rate TEXT NOT NULL, PRIMARY KEY (tenant_id, currency, rate_date))
            """,
            """
            CREATE TABLE IF NOT EXISTS pricebook_entries (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              pricebook_id \(uuid) NOT NULL, product_id \(uuid) NOT NULL,
              min_quantity TEXT NOT NULL, unit_price \(bigint) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_pricebook_entries_book ON pricebook_entries (tenant_id, pricebook_id, product_id)",
            "CREATE INDEX IF NOT EXISTS ix_pricebook_entries_product ON pricebook_entries (tenant_id, product_id)",
            """
            CREATE TABLE IF NOT EXISTS document_lines (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              document_type TEXT NOT NULL, document_id \(uuid) NOT NULL, position INTEGER NOT NULL,
              product_id \(uuid), description TEXT NOT NULL, quantity TEXT NOT NULL, unit_price \(bigint) NOT NULL,
              discount_percent TEXT NOT NULL, tax_rate TEXT NOT NULL, unit_cost \(bigint),
              net \(bigint) NOT NULL, tax \(bigint) NOT NULL, cost \(bigint) NOT NULL, source_line_id \(uuid))
            """,
            "CREATE INDEX IF NOT EXISTS ix_document_lines_document ON document_lines (tenant_id, document_id, position)",
            "CREATE INDEX IF NOT EXISTS ix_document_lines_product ON document_lines (tenant_id, document_type, product_id)",
            """
            CREATE TABLE IF NOT EXISTS document_counters (
              tenant_id \(uuid) NOT NULL REFERENCES tenants(id), kind TEXT NOT NULL, last_number \(bigint) NOT NULL,
              PRIMARY KEY (tenant_id, kind))
            """,
            // One row per status move of an order; seq orders moves made within the same millisecond.
            """
            CREATE TABLE IF NOT EXISTS order_status_history (
              seq \(d.type(.sequence)), tenant_id \(uuid) NOT NULL REFERENCES tenants(id), order_id \(uuid) NOT NULL,
              from_status TEXT NOT NULL, to_status TEXT NOT NULL, changed_at \(bigint) NOT NULL, changed_by \(uuid) NOT NULL, comment TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS ix_order_status_history_order ON order_status_history (tenant_id, order_id, changed_at)",
            // One target per user or team (never both) and period; won_amount in base-currency storage units.
            """
            CREATE TABLE IF NOT EXISTS quotas (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              user_id \(uuid) REFERENCES users(id), team_id \(uuid) REFERENCES teams(id),
              period_kind TEXT NOT NULL, period_start TEXT NOT NULL,
              won_amount \(bigint) NOT NULL, new_accounts INTEGER NOT NULL, completed_activities INTEGER NOT NULL,
              updated_at \(bigint) NOT NULL,
              CHECK ((user_id IS NULL) <> (team_id IS NULL)))
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_quotas_user ON quotas (tenant_id, user_id, period_kind, period_start) WHERE user_id IS NOT NULL",
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_quotas_team ON quotas (tenant_id, team_id, period_kind, period_start) WHERE team_id IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS ix_quotas_period ON quotas (tenant_id, period_start)",
            // The activity report counts a user's stage moves by when they were made.
            "CREATE INDEX IF NOT EXISTS ix_stage_history_mover ON stage_history (tenant_id, changed_by, changed_at)",
        ]
    }
}
