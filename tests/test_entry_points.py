"""reportlint.pluginapi.entry_points: the plugin group's entry points, as importlib.metadata gives
them, without parsing every distribution's entry points when none names the group."""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import zipfile
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
    monkeypatch.setattr(module.metadata, "entry_points", lambda **kw: asked.append(kw) or [])
    assert group_entry_points("reportlint") == []
    assert asked == []


def test_the_name_outside_a_section_header_is_no_plugin(only, plain_finders, monkeypatch):
    _dist(only, "mentions", "[console_scripts]\nreportlint = reportlint.__main__:main\n[reportlint-extra]\nx = y\n")
    asked = []
    monkeypatch.setattr(module.metadata, "entry_points", lambda **kw: asked.append(kw) or [])
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
