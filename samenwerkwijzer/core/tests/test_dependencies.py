"""Dependencies are declared, not inherited (issue #17, "Supply chain").

Every third-party distribution the product code imports is named in requirements/base.in; every one
that only the tests and their support code import is named in base.in or dev.in. A package that
arrives only as somebody else's dependency can disappear with that package's next release.
The locks (pip.txt, base.txt, dev.txt, bench.txt, written by `make lock`) pin every package with its hashes.
"""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "samenwerkwijzer"

# Support code for the tests (never imported by product code: checked below).
TEST_SUPPORT = {
    "testsupport/factories.py",
    "testsupport/seal_pki.py",
    "testsupport/browser.py",
    "testsupport/oidc_provider.py",
    "testsupport/local_server.py",
}
TEST_SUPPORT_MODULES = {p.removesuffix(".py").replace("/", ".") for p in TEST_SUPPORT}


def _is_test_code(path: Path) -> bool:
    rel = path.relative_to(ROOT).as_posix()
    return "tests" in path.parts or path.name.startswith("test_") or rel in TEST_SUPPORT


def product_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if not _is_test_code(p))


def files_of_tests() -> list[Path]:
    files = [p for p in PACKAGE.rglob("*.py") if _is_test_code(p)]
    files += [ROOT / "conftest.py", *(ROOT / "testsupport").rglob("*.py")]
    return sorted(files)


def imported_modules(path: Path) -> set[str]:
    """Absolute module names imported anywhere in the file (also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def third_party_distributions(files: list[Path]) -> dict[str, set[str]]:
    """Top-level module → the distributions that provide it, for every third-party import."""
    provided_by = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in files:
        for module in imported_modules(path):
            top = module.partition(".")[0]
            if top in sys.stdlib_module_names or top in {"samenwerkwijzer", "testsupport", "__future__"}:
                continue
            found.setdefault(top, set()).update(provided_by.get(top, []))
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(in_file: str) -> set[str]:
    """The distributions named in a requirements/*.in file (not those of files it includes)."""
    names = set()
    for line in (ROOT / "requirements" / in_file).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        names.add(normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line).group()))
    return names


def undeclared(found: dict[str, set[str]], allowed: set[str]) -> list[str]:
    problems = []
    for module, distributions in sorted(found.items()):
        if not distributions:
            problems.append(f"{module}: no installed distribution provides it")
        elif not {normalise(d) for d in distributions} & allowed:
            problems.append(f"{module}: provided by {', '.join(sorted(distributions))}")
    return problems


def test_product_code_imports_only_what_base_in_declares():
    found = third_party_distributions(product_files())
    assert "django" in found and "pyhanko" in found  # the walk sees the imports at all
    assert undeclared(found, declared("base.in")) == []


def test_tests_import_only_what_base_in_or_dev_in_declares():
    found = third_party_distributions(files_of_tests())
    assert "pytest" in found and "factory" in found
    assert undeclared(found, declared("base.in") | declared("dev.in")) == []


def test_product_code_does_not_import_the_test_support():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in product_files()
        for module in imported_modules(path)
        if any(module == m or module.startswith(m + ".") for m in TEST_SUPPORT_MODULES)
    ]
    assert offenders == []


def test_the_check_notices_an_undeclared_import(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("import json\nfrom cryptography import x509\n\ndef f():\n    import pytest\n")
    found = third_party_distributions([source])
    assert set(found) == {"cryptography", "pytest"}
    assert undeclared(found, {"cryptography"}) == ["pytest: provided by pytest"]
    assert undeclared({"nonexistent_module": set()}, set()) == [
        "nonexistent_module: no installed distribution provides it"
    ]


@pytest.mark.parametrize("lock", ["pip.txt", "base.txt", "dev.txt", "bench.txt"])
def test_every_package_in_a_lock_is_pinned_with_hashes(lock):
    """pip installs the locks with --require-hashes (scripts/bootstrap.sh): every entry needs both."""
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2].strip())
    assert entries
    for entry in entries:
        requirement = entry.splitlines()[0]
        assert re.match(r"[A-Za-z0-9._-]+==[^ ;\\]+", requirement), entry
        assert "--hash=sha256:" in entry, requirement
    names = {normalise(e.split("==", 1)[0]) for e in entries}
    assert declared(lock.replace(".txt", ".in")) <= names
    if lock == "dev.txt":
        assert declared("base.in") <= names  # dev.in includes base.in: one lock holds all
