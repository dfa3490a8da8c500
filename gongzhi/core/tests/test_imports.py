"""Imports sit at the top of a module; one inside a function says why on its own line.

An import inside a function used to be the way round a loop between apps. The layers contract
(`lint-imports`, pyproject.toml) now forbids the loops themselves, and it sees imports inside
functions too, so the only reasons left are the ones a comment can name: a heavy module loaded
only when used (WeasyPrint, Celery), a cycle inside one app (a module and the jobs that call it),
models needed in AppConfig.ready(). The comment is `# lazy: <reason>` on the import's line.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

import gongzhi

PACKAGE = Path(gongzhi.__file__).resolve().parent
LAZY_MARKER = re.compile(r"#\s*lazy:\s*\S")

# Files waiting to be cleaned: none now (issue 13 cleaned the last). A file that must wait
# again goes here, with the second test insisting it leaves as soon as it is clean.
NOT_YET_CLEAN: frozenset[str] = frozenset()


def product_modules() -> list[Path]:
    """Every module of the project except migrations and test code."""
    return sorted(
        path for path in PACKAGE.rglob("*.py")
        if not {"migrations", "tests"} & set(path.relative_to(PACKAGE).parts)
        and path.name != "conftest.py")


def unexplained_imports(source: str) -> list[tuple[int, str]]:
    """(line, import) for each import inside a function without `# lazy: <reason>` on one of
    its lines."""
    comments = {token.start[0]: token.string
                for token in tokenize.generate_tokens(io.StringIO(source).readline)
                if token.type == tokenize.COMMENT}
    found = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                lines = range(child.lineno, child.end_lineno + 1)
                if not any(LAZY_MARKER.search(comments.get(line, "")) for line in lines):
                    found.append((child.lineno, ast.unparse(child)))
            visit(child, in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(ast.parse(source), in_function=False)
    return found


def test_the_checker_finds_an_unexplained_import_inside_a_function_only():
    # given: imports at the top, in a method with and without a reason, in a nested function
    source = (
        "import os\n"
        "class Thing:\n"
        "    from json import dumps\n"
        "    def method(self):\n"
        "        from decimal import Decimal  # lazy: a reason\n"
        "        from fractions import (  # lazy: a reason on the first line\n"
        "            Fraction)\n"
        "        import math\n"
        "        def inner():\n"
        "            from gongzhi import x  # lazy:\n"
        "        return '# lazy: in a string is no comment'; import re\n")
    # when
    found = unexplained_imports(source)
    # then: the one without a comment, the empty reason and the one after a string
    assert found == [(8, "import math"), (10, "from gongzhi import x"), (11, "import re")]


def test_no_import_inside_a_function_without_a_reason():
    # given: the project's modules, minus those still waiting to be cleaned
    # when
    offenders = {
        str(path.relative_to(PACKAGE)): unexplained_imports(path.read_text())
        for path in product_modules()
        if str(path.relative_to(PACKAGE)) not in NOT_YET_CLEAN}
    # then
    offenders = {name: found for name, found in offenders.items() if found}
    assert not offenders, (
        "Move these imports to the top of the module, or say why they cannot be there with "
        f"`# lazy: <reason>` on the import's line: {offenders}")


def test_every_file_still_on_the_not_yet_clean_list_still_needs_to_be():
    # given: the files on the list
    # when
    cleaned = sorted(name for name in NOT_YET_CLEAN
                     if not (PACKAGE / name).exists()
                     or not unexplained_imports((PACKAGE / name).read_text()))
    # then
    assert not cleaned, f"Clean now, or moved: take them off NOT_YET_CLEAN: {cleaned}"


def test_product_code_never_imports_test_code():
    # given: the imports of every module outside the tests, at any depth
    imported = {}
    for path in product_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            imported.setdefault(str(path.relative_to(PACKAGE)), set()).update(names)
    # when
    test_imports = {module: sorted(name for name in names
                                   if ".tests" in name or name == "gongzhi.conftest")
                    for module, names in imported.items()}
    # then: the layers contract leaves test modules out, so this is where it is checked
    assert not {module: names for module, names in test_imports.items() if names}
