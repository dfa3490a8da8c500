from django.core.management.base import BaseCommand

from gongzhi.demo.accounts import DEMO_PASSWORD
from gongzhi.demo.seeding import demo_logins, seed_demo


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。Load the demo data; safe to run again."

    def handle(self, *args, **options):
        logins = seed_demo()
        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo data ready."))
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}） / Demo logins:")
        for username, scope in demo_logins(logins):
            self.stdout.write(f"  {username:<18} {scope}")
