"""reportlint.pluginapi.entry_points: the plugin group's entry points, as importlib.metadata gives
them, without parsing every distribution's entry points when none names the group."""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from importlib import metadata

import pytest

from reportlint.pluginapi import entry_points as module
from reportlint.pluginapi.entry_points import group_entry_points

ORIGINAL_PATH = list(sys.path)  # before a test narrows it


def _dist(folder, name, text):
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    if text is not None:
        (info / "entry_points.txt").write_text(text, encoding="utf-8")
    return info


@pytest.fixture
def only(tmp_path, monkeypatch):
    """sys.path reduced to one empty folder, and importlib.metadata's caches of the old one cleared."""
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    importlib.invalidate_caches()
    yield tmp_path
    importlib.invalidate_caches()


@pytest.fixture
def plain_finders(monkeypatch):
    """sys.meta_path without distribution finders of other packages (importlib_metadata, the
    backport a library such as dask imports, adds its own and takes the standard one's away):
    the case the prefilter answers alone."""
    monkeypatch.setattr(sys, "meta_path", [finder for finder in sys.meta_path
                                           if getattr(finder, "find_distributions", None) is None
                                           or finder is importlib.machinery.PathFinder])


def _names(found):
    return [(ep.name, ep.value, ep.group) for ep in found]


def test_a_declared_plugin_is_found_as_importlib_metadata_finds_it(only):
    _dist(only, "rl_words", "[console_scripts]\nwords = rl_words:main\n\n[reportlint]\nwords = rl_words.plugin\n")
    _dist(only, "other", "[pytest11]\nother = other.plugin\n")
    _dist(only, "plain", None)
    found = group_entry_points("reportlint")
    assert _names(found) == [("words", "rl_words.plugin", "reportlint")]
    assert _names(found) == _names(metadata.entry_points(group="reportlint"))
    assert found[0].dist.version == "1.0"


def test_no_file_naming_the_group_answers_empty_without_parsing_any(only, plain_finders, monkeypatch):
    _dist(only, "other", "[pytest11]\nother = other.plugin\n[console_scripts]\no = other:main\n")
    _dist(only, "plain", None)
    (only / "legacy.egg-info").write_text("Name: legacy\n")  # an old single-file egg-info
    asked = []
    monkeypatch.setattr(metadata, "entry_points", lambda **kw: asked.append(kw) or [])
    assert group_entry_points("reportlint") == []
    assert asked == []


def test_the_name_outside_a_section_header_is_no_plugin(only, plain_finders, monkeypatch):
    _dist(only, "mentions", "[console_scripts]\nreportlint = reportlint.__main__:main\n[reportlint-extra]\nx = y\n")
    asked = []
    monkeypatch.setattr(metadata, "entry_points", lambda **kw: asked.append(kw) or [])
    assert group_entry_points("reportlint") == [] and asked == []


@pytest.mark.parametrize("header", ["[reportlint]", "  [reportlint]  ", "[[reportlint]]", "[]reportlint[]", "[reportlint]]"])
def test_every_header_importlib_metadata_reads_as_the_group_is_seen(only, header):
    _dist(only, "odd", f"{header}\nodd = odd_plugin\n")
    expected = _names(metadata.entry_points(group="reportlint"))
    assert expected == [("odd", "odd_plugin", "reportlint")]  # importlib.metadata reads each so
    assert module._may_declare("reportlint") is True
    assert _names(group_entry_points("reportlint")) == expected


def test_a_zip_on_the_path_is_left_to_importlib_metadata(only, monkeypatch):
    archive = only / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped\nVersion: 1.0\n")
        zipped.writestr("zipped-1.0.dist-info/entry_points.txt", "[reportlint]\nzipped = zipped_plugin\n")
    monkeypatch.setattr(sys, "path", [str(only), str(archive)])
    assert _names(group_entry_points("reportlint")) == [("zipped", "zipped_plugin", "reportlint")]


def test_another_distribution_finder_is_left_to_importlib_metadata(only, monkeypatch):
    class Finder:
        @staticmethod
        def find_spec(*args):
            return None

        @staticmethod
        def find_distributions(context=None):
            return iter([])

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    assert module._may_declare("reportlint") is True


def test_the_manager_loads_a_plugin_found_this_way(only, monkeypatch):
    plugin = only / "rl_counted.py"
    plugin.write_text("from reportlint.hookspecs import hookimpl\n\n@hookimpl\ndef reportlint_register_rules():\n"
                      "    return []\n", encoding="utf-8")
    _dist(only, "rl_counted", "[reportlint]\ncounted = rl_counted\n")
    monkeypatch.setattr(sys, "path", [str(only), *ORIGINAL_PATH])
    from reportlint.pluginapi.manager import PluginManager

    manager = PluginManager()
    info = next(info for info in manager.infos if info.name == "counted")
    assert info.error is None and info.version == "1.0" and not info.builtin
    sys.modules.pop("rl_counted", None)


def test_a_start_with_no_plugin_declared_does_not_import_importlib_metadata():
    """importlib.metadata (with email, zipfile, socket…) is ~5 ms of a cold check: neither the
    entry-point search nor pydantic's plugin loader imports it when nothing asks for plugins."""
    code = ("import sys, io, contextlib\n"
            "from reportlint.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try: main(['check', '-q', '--isolated', '--no-cache', '--format', 'json', sys.argv[1]])\n"
            "    except SystemExit: pass\n"
            "assert out.getvalue().startswith('['), out.getvalue()[:200]\n"
            "print(sorted(m for m in sys.modules if m.startswith(('importlib.metadata', 'email'))))\n")
    seed = str(Path(__file__).parent / "fixtures" / "seeds" / "004_1a1813143cd16474.txt")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", code, seed], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_pydantic_plugins_turned_on_get_pydantic_s_own_loader():
    """With PYDANTIC_DISABLE_PLUGINS turned off again, pydantic's loader takes the stand-in's
    place and is asked, so a pydantic plugin a user installs still works; and anything else
    pydantic asks the stand-in for is its own loader's."""
    code = ("import os, sys\n"
            "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
            "from reportlint.run import pydantic_plugins\n"
            "pydantic_plugins.install()\n"
            "stand_in = sys.modules[pydantic_plugins.LOADER]\n"
            "assert list(stand_in.get_plugins()) == [] and 'importlib.metadata' not in sys.modules\n"
            "if sys.argv[1] == 'on':\n"
            "    os.environ['PYDANTIC_DISABLE_PLUGINS'] = ''\n"
            "    import pydantic\n"
            "    class M(pydantic.BaseModel):\n"
            "        x: int\n"
            "    assert M(x=1).x == 1\n"
            "else:\n"
            "    assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == 'pydantic'\n"
            "real = sys.modules[pydantic_plugins.LOADER]\n"
            "print(real is not stand_in, hasattr(real, 'entry_points'))\n")
    for mode in ("on", "attribute"):
        done = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip() == "True True", mode
