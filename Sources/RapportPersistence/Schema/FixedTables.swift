/// Tables whose shape is fixed (not driven by entity declarations), in creation order.
/// Every statement is safe to re-run; later additions are appended, never edited.
enum FixedTables {
    static func statements(_ d: Dialect) -> [String] {
        let uuid = d.type(.uuid), bigint = d.type(.bigint), bool = d.type(.bool), json = d.type(.json)
        return [
            """
            CREATE TABLE IF NOT EXISTS tenants (
              id \(uuid) PRIMARY KEY, name TEXT NOT NULL UNIQUE, base_currency TEXT NOT NULL DEFAULT 'USD',
              lead_response_days INTEGER NOT NULL DEFAULT 7, created_at \(bigint) NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS teams (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              parent_id \(uuid) REFERENCES teams(id), name TEXT NOT NULL, created_at \(bigint) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_teams_tenant ON teams (tenant_id)",
            """
            CREATE TABLE IF NOT EXISTS partners (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              name TEXT NOT NULL, created_at \(bigint) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_partners_tenant ON partners (tenant_id)",
            """
            CREATE TABLE IF NOT EXISTS users (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              email TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
              team_id \(uuid) REFERENCES teams(id), partner_id \(uuid) REFERENCES partners(id),
              password_hash TEXT NOT NULL, locale TEXT NOT NULL DEFAULT 'en', time_zone TEXT NOT NULL DEFAULT 'UTC',
              active \(bool) NOT NULL, created_at \(bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_users_email ON users (email)",
            "CREATE INDEX IF NOT EXISTS ix_users_tenant ON users (tenant_id, team_id)",
            """
            CREATE TABLE IF NOT EXISTS api_tokens (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              user_id \(uuid) NOT NULL REFERENCES users(id), kind TEXT NOT NULL, name TEXT NOT NULL,
              token_hash TEXT NOT NULL, prefix TEXT NOT NULL, created_at \(bigint) NOT NULL,
              expires_at \(bigint), revoked_at \(bigint), last_used_at \(bigint))
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_api_tokens_hash ON api_tokens (token_hash)",
            "CREATE INDEX IF NOT EXISTS ix_api_tokens_user ON api_tokens (user_id, kind)",
            """
            CREATE TABLE IF NOT EXISTS pipelines (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              name TEXT NOT NULL, is_default \(bool) NOT NULL, position INTEGER NOT NULL, created_at \(bigint) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_pipelines_tenant ON pipelines (tenant_id, position)",
            """
            CREATE TABLE IF NOT EXISTS stages (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              pipeline_id \(uuid) NOT NULL REFERENCES pipelines(id), name TEXT NOT NULL, position INTEGER NOT NULL,
              probability INTEGER NOT NULL, kind TEXT NOT NULL, created_at \(bigint) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_stages_pipeline ON stages (tenant_id, pipeline_id, position)",
            """
            CREATE TABLE IF NOT EXISTS custom_fields (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              entity TEXT NOT NULL, field_key TEXT NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL,
              choices \(json), reference_entity TEXT, created_at \(bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_custom_fields_key ON custom_fields (tenant_id, entity, field_key)",
            """
            CREATE TABLE IF NOT EXISTS record_shares (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id),
              entity TEXT NOT NULL, record_id \(uuid) NOT NULL, user_id \(uuid) NOT NULL REFERENCES users(id),
              can_edit \(bool) NOT NULL, created_at \(bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_record_shares ON record_shares (tenant_id, user_id, entity, record_id)",
            "CREATE INDEX IF NOT EXISTS ix_record_shares_record ON record_shares (tenant_id, entity, record_id)",
            """
            CREATE TABLE IF NOT EXISTS audit_log (
              seq \(d.type(.sequence)), id \(uuid) NOT NULL UNIQUE, tenant_id \(uuid) NOT NULL,
              at \(bigint) NOT NULL, actor_id \(uuid), entity TEXT NOT NULL, record_id \(uuid) NOT NULL,
              action TEXT NOT NULL, changes \(json) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_audit_log_record ON audit_log (tenant_id, record_id, seq)",
            "CREATE INDEX IF NOT EXISTS ix_audit_log_tenant ON audit_log (tenant_id, seq)",
            """
            CREATE TABLE IF NOT EXISTS stage_history (
              seq \(d.type(.sequence)), tenant_id \(uuid) NOT NULL, opportunity_id \(uuid) NOT NULL,
              from_stage_id \(uuid), to_stage_id \(uuid) NOT NULL, changed_at \(bigint) NOT NULL, changed_by \(uuid))
            """,
            "CREATE INDEX IF NOT EXISTS ix_stage_history_opportunity ON stage_history (tenant_id, opportunity_id, seq)",
            "CREATE INDEX IF NOT EXISTS ix_stage_history_tenant ON stage_history (tenant_id, changed_at)",
            """
            CREATE TABLE IF NOT EXISTS saved_views (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) NOT NULL REFERENCES tenants(id), owner_id \(uuid) NOT NULL REFERENCES users(id),
              shared_team_id \(uuid) REFERENCES teams(id), entity TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL,
              created_at \(bigint) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_saved_views_owner ON saved_views (tenant_id, owner_id, entity)",
            "CREATE INDEX IF NOT EXISTS ix_saved_views_team ON saved_views (tenant_id, shared_team_id, entity)",
        ] + KeptTotals.tables.flatMap { $0.statements(d) } + KeptDealProducts.statements(d) + JobQueue.statements(d) + SalesTables.statements(d)
    }
}
