"""Set English translations in gongzhi/locale/en/LC_MESSAGES/django.po from a small table.

Usage: python scripts/po_set.py FILE.tsv — each line: [context<TAB>]msgid<TAB>msgstr
(plural entries: msgstr[0] and msgstr[1] separated by " ||| "). Clears the fuzzy flag of
every entry it sets. Used when a few strings change; bulk translation is done by hand.
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "gongzhi/locale/en/LC_MESSAGES/django.po"


def unquote(lines):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', " ".join(lines))).encode().decode(
        "unicode_escape").encode("latin-1").decode("utf-8")


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_block(block):
    fields, current = {}, None
    for line in block.splitlines():
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (.*)$", line)
        if match:
            current = match.group(1)
            fields[current] = [match.group(2)]
        elif line.startswith('"') and current:
            fields[current].append(line)
    return {key: unquote(value) for key, value in fields.items()}


def main(table_path):
    table = {}
    for line in Path(table_path).read_text().splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        context, msgid, msgstr = (parts if len(parts) == 3 else ["", *parts])
        table[(context, msgid)] = msgstr
    blocks = PO.read_text().split("\n\n")
    done = set()
    for index, block in enumerate(blocks):
        fields = parse_block(block)
        key = (fields.get("msgctxt", ""), fields.get("msgid"))
        if key not in table:
            continue
        keep = [line for line in block.splitlines()
                if line.startswith("#") and not line.startswith("#|")]
        keep = [re.sub(r"^#, fuzzy, ", "#, ", line) for line in keep if line != "#, fuzzy"]
        out = keep
        if key[0]:
            out.append(f"msgctxt {quote(key[0])}")
        out.append(f"msgid {quote(key[1])}")
        if "msgid_plural" in fields:
            out.append(f"msgid_plural {quote(fields['msgid_plural'])}")
            one, many = table[key].split(" ||| ")
            out += [f"msgstr[0] {quote(one)}", f"msgstr[1] {quote(many)}"]
        else:
            out.append(f"msgstr {quote(table[key])}")
        blocks[index] = "\n".join(out)
        done.add(key)
    PO.write_text("\n\n".join(blocks))
    missing = set(table) - done
    if missing:
        sys.exit(f"not in the catalogue: {sorted(missing)}")


if __name__ == "__main__":
    main(sys.argv[1])
