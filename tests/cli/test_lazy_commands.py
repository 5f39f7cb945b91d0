"""The root group's table of commands (`missiondiary.cli.COMMANDS`) matches the command
modules, and a command's module is imported only when that command is used.

No diary and no app: these read the click commands themselves."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from types import ModuleType

import click
from click.testing import CliRunner

import missiondiary.cli
from missiondiary.cli import COMMANDS, cli, load_command


def _cli_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"missiondiary.cli.{info.name}")
        for info in pkgutil.iter_modules(missiondiary.cli.__path__)
    ]


def _commands_defined_at_the_top_of_a_module() -> dict[str, click.Command]:
    """Each module's own click commands that no group holds: the root group's commands."""
    defined = [
        command
        for module in _cli_modules()
        for command in vars(module).values()
        if isinstance(command, click.Command)
        and getattr(command.callback, "__module__", None) == module.__name__
    ]
    held = {
        id(sub)
        for command in defined
        if isinstance(command, click.Group)
        for sub in command.commands.values()
    }
    return {command.name or "": command for command in defined if id(command) not in held}


def test_every_command_module_command_is_in_the_root_table_and_nothing_else() -> None:
    found = _commands_defined_at_the_top_of_a_module()
    assert sorted(found) == sorted(COMMANDS)
    for name, command in found.items():
        assert load_command(COMMANDS[name]) is command, name


def test_each_table_entry_loads_a_command_of_its_own_name() -> None:
    ctx = click.Context(cli, info_name="missiondiary")
    for name, target in COMMANDS.items():
        command = load_command(target)
        assert command.name == name, (target, command.name)
        assert cli.get_command(ctx, name) is command
        assert cli.commands[name] is command
    assert cli.list_commands(ctx) == sorted(COMMANDS)


def test_a_mistyped_command_is_still_answered_with_the_nearest_names() -> None:
    result = CliRunner().invoke(cli, ["serch", "Jinshan"])
    assert result.exit_code == 2
    assert "No such command 'serch'. Did you mean 'search'?" in result.output


def test_shell_completion_offers_the_commands_by_their_first_letters() -> None:
    env = {"_MISSIONDIARY_COMPLETE": "bash_complete", "COMP_WORDS": "missiondiary pe"}
    env["COMP_CWORD"] = "1"
    result = CliRunner().invoke(cli, [], env=env, prog_name="missiondiary")
    assert result.exit_code == 0
    assert result.output.split() == ["plain,person"]
    env["COMP_WORDS"] = "missiondiary org "
    env["COMP_CWORD"] = "2"
    result = CliRunner().invoke(cli, [], env=env, prog_name="missiondiary")
    offered = {line.split(",", 1)[1] for line in result.output.split()}
    assert offered == set(load_command(COMMANDS["org"]).commands)  # type: ignore[attr-defined]


LOADED_MODULES = """
import sys
from click.testing import CliRunner
import missiondiary.cli

def command_modules():
    helpers = {"output", "params", "diary", "shapes"}
    return sorted(
        name.rsplit(".", 1)[1]
        for name in sys.modules
        if name.startswith("missiondiary.cli.") and name.rsplit(".", 1)[1] not in helpers
    )

assert CliRunner().invoke(missiondiary.cli.cli, ["--version"]).exit_code == 0
print(" ".join(command_modules()))
assert CliRunner().invoke(missiondiary.cli.cli, ["search", "--help"]).exit_code == 0
print(" ".join(command_modules()))
"""


def test_version_loads_no_command_module_and_a_command_only_its_own() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED_MODULES], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    after_version, after_search = done.stdout.split("\n")[:2]
    assert after_version == ""
    assert after_search == "search"
