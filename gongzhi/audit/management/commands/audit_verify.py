"""Walk the audit trail's hash chains and report the first edit, gap or reordering.

Exit code 0 when every chain is intact, 1 otherwise (for cron or a monitoring check).
"""

from django.core.management.base import BaseCommand, CommandError

from gongzhi.audit.chain import chain_verify


class Command(BaseCommand):
    help = "检查审计记录是否被改动或删除 / Check the audit trail's hash chains."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=2000)

    def handle(self, *args, **options):
        report = chain_verify(chunk_size=options["chunk_size"])
        if not report.is_intact:
            raise CommandError(f"audit trail broken after {report.checked} intact entries: "
                               f"{report.problem}", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {report.checked} entries"))
