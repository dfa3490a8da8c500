"""Key rotation for the people app's encrypted fields (see rotate_encryption_keys)."""

from gongzhi.core import crypto
from gongzhi.people.models import ImportRun, Person, PersonFlag
from gongzhi.people.services import apply_sensitive, flag_token, person_flags


def rotate_people(*, batch_size: int = 500) -> dict:
    counts = {"people": 0, "flags": 0, "imports": 0}
    fields = ["id_number_encrypted", "id_number_index", "id_number_masked", "phone_encrypted",
              "phone_index", "phone_last4_index", "phone_masked", "sensitive_flags_encrypted"]
    people = Person.objects.order_by("pk")
    last_pk = 0
    while True:
        batch = list(people.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        flag_rows = []
        for person in batch:
            flags = person_flags(person)
            apply_sensitive(person, id_number=crypto.decrypt(person.id_number_encrypted),
                            phone=crypto.decrypt(person.phone_encrypted), flags=flags)
            flag_rows += [PersonFlag(person=person, community_id=person.community_id,
                                     token=flag_token(person.community_id, flag))
                          for flag in flags]
        Person.objects.bulk_update(batch, fields)
        PersonFlag.objects.filter(person__in=batch).delete()
        PersonFlag.objects.bulk_create(flag_rows)
        counts["people"] += len(batch)
        counts["flags"] += len(flag_rows)
        last_pk = batch[-1].pk
    for run in ImportRun.objects.exclude(content_encrypted=""):
        run.content_encrypted = crypto.rotate(run.content_encrypted)
        run.save(update_fields=["content_encrypted"])
        counts["imports"] += 1
    return counts
