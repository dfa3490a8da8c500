"""The direction of imports inside deliberation: balloting below votes and polls, topics on
top (a topic leads to a vote; a vote never knows of topics). Read from the source, so that a
new import the wrong way fails here before it makes a loop."""

import ast
import sys
from pathlib import Path

import pytest

import gongzhi.deliberation

ROOT = Path(gongzhi.deliberation.__file__).parent
PACKAGE = "gongzhi.deliberation"

# part → the parts it must never import
FORBIDDEN = {
    "balloting": {"votes", "polls", "topics", "models"},
    "uploads.py": {"votes", "polls", "topics", "balloting", "models"},
    "votes": {"polls", "topics", "models"},
    "polls": {"votes", "topics", "models"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            # "from gongzhi.deliberation import topics" imports the part by name
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def part_files(part: str) -> list[Path]:
    target = ROOT / part
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


def wrong_way_imports(part: str) -> list[str]:
    forbidden = tuple(f"{PACKAGE}.{name}" for name in FORBIDDEN[part])
    return sorted(f"{path.relative_to(ROOT)}: {module}"
                  for path in part_files(part) for module in imported_modules(path)
                  if module in forbidden or module.startswith(tuple(f + "." for f in forbidden)))


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_each_part_imports_only_downwards(part):
    # given the part's source files
    assert part_files(part), f"{part} has no source files"
    # when their imports are read
    found = wrong_way_imports(part)
    # then none of them reaches a part above or beside it
    assert found == []


def test_the_check_sees_a_wrong_way_import(tmp_path, monkeypatch):
    # given a polls module that imports topics
    (tmp_path / "polls").mkdir()
    (tmp_path / "polls" / "wrong.py").write_text(
        "from gongzhi.deliberation.topics import services\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    # when the check reads it
    found = wrong_way_imports("polls")
    # then it names the file and the import
    assert found == ["polls/wrong.py: gongzhi.deliberation.topics",
                     "polls/wrong.py: gongzhi.deliberation.topics.services"]
