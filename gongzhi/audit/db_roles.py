"""The PostgreSQL grants that keep the application's role from erasing the audit trail."""

from django.db import connection


def app_role_statements(app_role: str) -> list[str]:
    """GRANT/REVOKE statements for `app_role` (idempotent; the owner runs them)."""
    role = connection.ops.quote_name(app_role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # the audit trail: append and read only
        f"REVOKE ALL ON audit_auditentry FROM {role}",
        "REVOKE ALL ON audit_auditentry FROM PUBLIC",
        f"GRANT SELECT, INSERT ON audit_auditentry TO {role}",
        # the chain heads: locked (SELECT ... FOR UPDATE needs UPDATE) and moved on append
        f"REVOKE ALL ON audit_auditchain FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE ON audit_auditchain TO {role}",
        "REVOKE ALL ON FUNCTION audit_retention_purge(timestamptz, timestamptz, integer) "
        "FROM PUBLIC",
        "GRANT EXECUTE ON FUNCTION audit_retention_purge(timestamptz, timestamptz, integer) "
        f"TO {role}",
    ]


def app_role_problem(app_role: str) -> str:
    """Why `app_role` cannot be made safe by grants alone, or "" (it exists, owns nothing
    of the audit trail, is no superuser)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
        row = cursor.fetchone()
        if row is None:
            return f"role {app_role} does not exist"
        if row[0]:
            return f"role {app_role} is a superuser: it can disable the audit trigger"
        cursor.execute(
            "SELECT pg_has_role(%s, tableowner, 'USAGE') FROM pg_tables "
            "WHERE tablename = 'audit_auditentry' AND schemaname = current_schema()",
            [app_role])
        row = cursor.fetchone()
        if row and row[0]:
            return (f"role {app_role} owns the audit table (or is a member of its owner): "
                    "it can disable the audit trigger; connect the application as another role")
    return ""
