"""Re-encrypt personal data under the newest key and rebuild the search indexes.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this
command, then drop the old keys. To change SEARCH_INDEX_KEY, set the new one and run this
command: every index is recomputed from the decrypted values.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from gongzhi.core.crypto import registered_rotations
from gongzhi.people.rotation import rotate_people


class Command(BaseCommand):
    help = "用最新密钥重新加密个人信息并重建检索索引 / Re-encrypt personal data, rebuild indexes."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = rotate_people(batch_size=options["batch_size"])
            others = {name: rotate(batch_size=options["batch_size"])
                      for name, rotate in registered_rotations().items()}
        self.stdout.write(self.style.SUCCESS(
            f"re-encrypted {counts['people']} people and {counts['imports']} import files; "
            f"rebuilt {counts['flags']} flag indexes"))
        for name, count in others.items():
            self.stdout.write(self.style.SUCCESS(f"re-encrypted {count} {name}"))
