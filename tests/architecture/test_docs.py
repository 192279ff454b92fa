"""The documentation keeps up with the code: every command, option and API route is in
docs/reference.md, and every path docs/architecture.md names exists."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from silkgraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def command_sections() -> dict[str, str]:
    """The text under each `### \\`silkgraph NAME\\`` heading of the reference."""
    text = REFERENCE.read_text(encoding="utf-8")
    parts = re.split(r"^### `silkgraph ([\w-]+(?: [\w-]+)?)`\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


def all_commands() -> dict[str, click.Command]:
    """Every command by its name after `silkgraph`, the subcommands of a group included ("sources add")."""
    found: dict[str, click.Command] = {}
    for name, command in main.commands.items():
        found[name] = command
        if isinstance(command, click.Group):
            found.update({f"{name} {sub}": subcommand for sub, subcommand in command.commands.items()})
    return found


@pytest.mark.parametrize("name", sorted(all_commands()))
def test_every_command_and_option_is_documented(name):
    sections = command_sections()
    assert name in sections, f"docs/reference.md has no section for `silkgraph {name}`"
    command = all_commands()[name]
    options = [o for p in command.params if isinstance(p, click.Option) for o in p.opts if o.startswith("--")]
    missing = [o for o in options if f"`{o}`" not in sections[name]]
    assert not missing, f"`silkgraph {name}` options not in docs/reference.md: {', '.join(missing)}"


def test_the_reference_documents_no_command_that_is_gone():
    assert set(command_sections()) <= set(all_commands())


def test_every_api_route_is_documented(tmp_path):
    from silkgraph.web.app import create_app

    text = REFERENCE.read_text(encoding="utf-8")
    paths = create_app(str(tmp_path / "docs.db")).openapi()["paths"]
    routes = [f"{method.upper()} {path}" for path, operations in paths.items() for method in operations]
    assert len(routes) > 10
    missing = [route for route in routes if f"`{route}`" not in text]
    assert not missing, f"API routes not in docs/reference.md: {', '.join(missing)}"


def test_the_paths_the_architecture_names_exist():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:silkgraph|docs|tests)/[\w/.-]+)`", text))
    assert len(named) > 15
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert not missing, f"docs/architecture.md names paths that do not exist: {', '.join(missing)}"
