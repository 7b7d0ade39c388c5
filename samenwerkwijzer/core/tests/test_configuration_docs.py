"""Every environment variable is read in settings.py, and docs/configuration.md lists exactly those.

The rest of the code reads its configuration from ``django.conf.settings`` only, so a test changes
it with the ``settings`` fixture and an operator finds every variable in one table.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "samenwerkwijzer"
SETTINGS = PACKAGE / "settings.py"
DOCS = ROOT / "docs" / "configuration.md"

# Modules that may read os.environ although they are no settings module: the WSGI/ASGI entry points
# (the DJANGO_SETTINGS_MODULE default). The test helpers that read it (the browser harness, the local
# OpenID Connect provider) live outside the package, in testsupport/.
OUTSIDE_SETTINGS = {"settings.py", "wsgi.py", "asgi.py"}

# Variables in the tables that other programs read, not settings.py. None today: SSL_CERT_FILE
# (read by OpenSSL for the mail server's certificate) is named in the text, not in a table.
READ_BY_OTHER_PROGRAMS: set[str] = set()

# Secrets the operator gives in the environment only (e.g. a systemd EnvironmentFile).
SECRETS = {
    "AGREEMENT_SEAL_PKCS12_PASSWORD",
    "AGREEMENT_SEAL_KEY_PASSWORD",
    "AGREEMENT_SEAL_PKCS11_PIN",
    "AGREEMENT_SIGNING_KEY_PASSPHRASE",
}


def _is_environ(node: ast.AST) -> bool:
    """``os.environ``."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _env_read(node: ast.AST) -> ast.AST | None:
    """The name argument when ``node`` reads the environment (``os.environ.get(x)``,
    ``os.environ[x]``, ``os.getenv(x)``), else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
        if node.func.attr == "get" and _is_environ(node.func.value):
            return node.args[0]
        if node.func.attr == "getenv" and isinstance(node.func.value, ast.Name) and node.func.value.id == "os":
            return node.args[0]
    if isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
        return node.slice
    return None


def _constant(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def variables_read_by_settings(source: str) -> set[str]:
    """Every variable settings.py reads: directly, or through a helper such as ``env_bool("DEBUG")``
    (a function of settings.py that reads the variable named by its first parameter)."""
    tree = ast.parse(source)
    helpers = {}
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        first = function.args.args[0].arg if function.args.args else None
        for node in ast.walk(function):
            argument = _env_read(node)
            if argument is not None and isinstance(argument, ast.Name) and argument.id == first:
                helpers[function.name] = first
    names, unknown = set(), []
    for node in ast.walk(tree):
        argument = _env_read(node)
        if argument is not None:
            if (name := _constant(argument)) is not None:
                names.add(name)
            elif not (isinstance(argument, ast.Name) and argument.id in helpers.values()):
                unknown.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers:
            if node.args and (name := _constant(node.args[0])) is not None:
                names.add(name)
            else:
                unknown.append(ast.unparse(node))
    assert not unknown, f"settings.py reads variables whose names cannot be read from the source: {unknown}"
    return names


def documented_variables(markdown: str) -> set[str]:
    """The `NAME`s in the first column of the tables in docs/configuration.md."""
    names = set()
    for line in markdown.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_the_parsers_see_direct_reads_helpers_and_table_rows():
    source = (
        "import os\n"
        "def env_flag(name, default=False):\n"
        "    return os.environ.get(name) == '1'\n"
        "A = os.environ.get('A', '')\n"
        "B = os.environ['B']\n"
        "C = env_flag('C')\n"
        "D = os.getenv('D')\n"
    )
    assert variables_read_by_settings(source) == {"A", "B", "C", "D"}
    assert documented_variables("| variable | default |\n|---|---|\n| `X`, `Y` | `Z` |\nText `W`.\n") == {"X", "Y"}


def test_every_variable_settings_reads_is_documented_and_every_documented_one_is_read():
    read = variables_read_by_settings(SETTINGS.read_text(encoding="utf-8"))
    documented = documented_variables(DOCS.read_text(encoding="utf-8"))
    assert read, "no environment variables found in settings.py: the parser is broken"
    assert sorted(read - documented) == [], "read in settings.py but missing from docs/configuration.md"
    assert sorted(documented - read - READ_BY_OTHER_PROGRAMS) == [], "documented but not read by settings.py"


def test_secrets_come_from_the_environment_only():
    """settings.py takes the passwords and the PIN from the environment, and nothing else sets them."""
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    assignments = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in SECRETS:
                    assignments.setdefault(target.id, []).append(ast.unparse(node.value))
    assert assignments == {name: [f"os.environ.get('{name}', '')"] for name in SECRETS}


def _product_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        parts = path.relative_to(PACKAGE).parts
        if (
            relative in OUTSIDE_SETTINGS
            or "tests" in parts
            or path.name.startswith("test_")
            or path.name == "conftest.py"
        ):
            continue
        yield relative, path


def environment_reads(source: str) -> list[str]:
    """Every use of os.environ / os.getenv (or ``from os import environ, getenv``) in a module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if _is_environ(node):
            found.append(f"line {node.lineno}: os.environ")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in {"getenv", "getenvb", "environb"}
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            found.append(f"line {node.lineno}: os.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            names = {alias.name for alias in node.names} & {"environ", "getenv", "environb", "getenvb"}
            if names:
                found.append(f"line {node.lineno}: from os import {', '.join(sorted(names))}")
    return sorted(found)


def test_the_environment_reader_finds_every_form():
    assert environment_reads("import os\nx = os.environ.get('A')\ny = os.getenv('B')\n") == [
        "line 2: os.environ",
        "line 3: os.getenv",
    ]
    assert environment_reads("from os import environ\n") == ["line 1: from os import environ"]
    assert environment_reads("import os\nos.path.join('a')\n") == []


def test_only_settings_reads_the_environment():
    offenders = {
        relative: reads
        for relative, path in _product_modules()
        if (reads := environment_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "read configuration from django.conf.settings; settings.py reads the environment"
