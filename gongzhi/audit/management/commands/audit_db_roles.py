"""Give the application's PostgreSQL role what it needs, and nothing that can erase the audit trail.

Run as the role that owns the tables and ran the migrations (docs/deployment.md § 4). The
application role may read and write the domain tables, but on the audit table only SELECT and
INSERT; it may lock and move the chain heads, and call the retention function. It must not own
the audit table (an owner can disable its trigger) nor be a superuser: the command refuses then.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from gongzhi.audit.db_roles import app_role_problem, app_role_statements


class Command(BaseCommand):
    help = "为应用数据库角色授权，并收回可删改审计记录的权限 / Grant the app role its rights."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True,
                            help="the role the web processes and workers connect as")
        parser.add_argument("--print", action="store_true", dest="print_only",
                            help="print the statements instead of running them")

    def handle(self, *args, app_role, print_only, **options):
        if connection.vendor != "postgresql":
            raise CommandError("database roles exist on PostgreSQL only")
        statements = app_role_statements(app_role)
        if print_only:
            self.stdout.write(";\n".join(statements) + ";")
            return
        problem = app_role_problem(app_role)
        if problem:
            raise CommandError(problem)
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"granted {app_role} the application's rights"))
