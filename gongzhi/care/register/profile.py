"""The household's encrypted profile: what its difficulty is, its needs and the help it needs.

Only register.services decrypts it for a reader, and each such full read is audited there;
this module only turns the stored token into a record and back."""

import json

from gongzhi.care.register.choices import Difficulty
from gongzhi.core import crypto

FIELDS = ("kinds", "details", "needs", "help")


def encrypt_profile(*, kinds, details: str = "", needs: str = "", help: str = "") -> str:
    record = {"kinds": sorted(k for k in set(kinds) if k in Difficulty.values),
              "details": details.strip(), "needs": needs.strip(), "help": help.strip()}
    return crypto.encrypt(json.dumps(record, ensure_ascii=False))


def decrypt_profile(token: str) -> dict:
    if not token:
        return {"kinds": [], "details": "", "needs": "", "help": ""}
    record = json.loads(crypto.decrypt(token))
    return {field: record.get(field, [] if field == "kinds" else "") for field in FIELDS}


def kind_labels(kinds) -> list[str]:
    labels = dict(Difficulty.choices)
    return [str(labels[kind]) for kind in kinds if kind in labels]


def encrypt_found(found: str) -> str:
    found = (found or "").strip()
    return crypto.encrypt(json.dumps({"found": found}, ensure_ascii=False)) if found else ""


def decrypt_found(token: str) -> str:
    return json.loads(crypto.decrypt(token)).get("found", "") if token else ""
