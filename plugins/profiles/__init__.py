"""Built-in report profiles (templates), contributed as TOML data files through the profiles hook."""

from __future__ import annotations

from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.parse.profiles import Profile
from reportlint.parse.package_files import package_file


def builtin_profiles() -> list[Profile]:
    folder = package_file("reportlint.plugins.profiles", "data")
    return [Profile.from_toml(entry) for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".toml")]


@hookimpl
def reportlint_register_profiles() -> list[Profile]:
    return builtin_profiles()
