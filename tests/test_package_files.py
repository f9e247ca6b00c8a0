"""reportlint.parse.package_files: shipped data files read from the package folder, or through
importlib.resources when the package is not a folder on disk (a zip)."""

from __future__ import annotations

import sys
import zipfile
from importlib import resources
from pathlib import Path

from reportlint.parse.package_files import package_file


def test_a_package_on_disk_gives_a_path_with_the_same_text_as_importlib_resources():
    found = package_file("reportlint.facts", "data", "vocabulary.toml")
    assert isinstance(found, Path)
    expected = resources.files("reportlint.facts").joinpath("data", "vocabulary.toml").read_text(encoding="utf-8")
    assert found.read_text(encoding="utf-8") == expected
    assert "[units]" in expected


def test_a_folder_lists_what_importlib_resources_lists():
    folder = package_file("reportlint.plugins.profiles", "data")
    listed = sorted(entry.name for entry in folder.iterdir())
    assert listed == sorted(entry.name for entry in resources.files("reportlint.plugins.profiles").joinpath("data").iterdir())
    assert any(name.endswith(".toml") for name in listed)


def test_a_package_inside_a_zip_is_read_through_importlib_resources(tmp_path, monkeypatch):
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_data_pkg/__init__.py", "")
        zipped.writestr("zipped_data_pkg/data/words.toml", "words = ['一', '二']\n")
    monkeypatch.syspath_prepend(str(archive))
    try:
        found = package_file("zipped_data_pkg", "data", "words.toml")  # imported on demand
        assert not isinstance(found, Path)
        assert found.read_text(encoding="utf-8") == "words = ['一', '二']\n"
    finally:
        sys.modules.pop("zipped_data_pkg", None)


def test_the_grammars_and_plugin_data_load_through_it():
    from reportlint.parse.grammar_files import load_grammar
    from reportlint.plugins.formulas.datafiles import data_file

    assert load_grammar("report.lark") == (Path(__file__).resolve().parent.parent / "grammars" / "report.lark").read_text(encoding="utf-8")
    assert data_file("definitions.toml")["definition"]
