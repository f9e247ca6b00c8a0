"""Which files a folder run checks: ruff's rules for excludes, git's for `.gitignore`.

- A **folder** is walked for report suffixes (`runner.REPORT_SUFFIXES`), in sorted order.
  Below it, folders and files matching the exclusions are left out:
  - `DEFAULT_EXCLUDES` (version control, virtual environments, `node_modules`, caches,
    `build`, `dist`, …) unless `exclude` is given, which *replaces* them (ruff's `exclude`):
    the command line's `--exclude`, else the configuration's `exclude`;
  - `extend_exclude` adds to whichever is in force (ruff's `extend-exclude`): the
    configuration's `extend-exclude` and the command line's `--extend-exclude`, both;
  - `.gitignore` files: those from the enclosing git work tree's root down to the walked
    folder, and every one found inside it, with git's precedence (the deeper file decides,
    `!pattern` re-includes).
  Patterns are gitignore patterns (pathspec): `drafts` matches a folder or file of that name
  anywhere, `reports/old/*.txt` is anchored: the configuration's patterns at the configuration
  file's folder, the command line's at `root` (the current folder).
- A **file named** on the command line is checked even when an exclusion matches it, unless
  `force_exclude` (ruff's `--force-exclude`, or `force-exclude = true` in the configuration:
  for pre-commit, which names every file).
- **Not reports**: Word's owner files (`~$报告.docx`, written next to an open document),
  LibreOffice lock files (`.~lock.报告.docx#`) and temporary files (`*.tmp`, `~WRL0001.tmp`)
  are skipped, named or found, and listed in `Discovery.skipped` with the reason: they are
  not a reason to fail the batch.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from ..parse.records import Record

if TYPE_CHECKING:  # imported when a folder is walked: checking one named file does not load it
    import pathspec

    from .config import Settings

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "__pypackages__",
    "site-packages", "build", "dist", "_build", ".eggs", "*.egg-info", "__MACOSX", ".Trash-*",
)

LOCK_REASON = "Word/WPS 打开文档时生成的临时锁定文件，不是报告"
TEMP_REASON = "临时文件，不是报告"


class Discovery(Record):
    """The files a run checks, and the ones it left out with why."""

    __slots__ = ("files", "skipped")

    files: list[str]
    skipped: list[tuple[str, str]]  # (path, reason)

    def __init__(self, files: Optional[list[str]] = None, skipped: Optional[list[tuple[str, str]]] = None) -> None:
        self.files = [] if files is None else files
        self.skipped = [] if skipped is None else skipped


def skip_reason(name: str) -> Optional[str]:
    """Why a file of this name is not a report (a lock or temporary file), or None."""
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return LOCK_REASON
    lowered = name.lower()
    if lowered.endswith((".tmp", ".temp")) or (name.startswith("~") and lowered.endswith(".tmp")):
        return TEMP_REASON
    return None


def _spec(patterns: Sequence[str]) -> "pathspec.PathSpec":
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


def _decide(spec: pathspec.PathSpec, rel: str) -> Optional[bool]:
    """True: ignored, False: re-included by a `!pattern`, None: no pattern says."""
    check = getattr(spec, "check_file", None)
    if check is not None:
        return check(rel).include
    return True if spec.match_file(rel) else None  # pathspec without check_file: no negation across files


@lru_cache(maxsize=512)
def _gitignore(folder: str) -> Optional[pathspec.PathSpec]:
    path = os.path.join(folder, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return _spec(lines) if lines else None


def _git_root(folder: Path) -> Optional[Path]:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


class _Patterns:
    """Exclusion patterns and the folder their anchored patterns (`/reports/old`) start from."""

    def __init__(self, patterns: Sequence[str], root: Path):
        self.patterns = list(patterns)
        self.root = root
        self._spec: "Optional[pathspec.PathSpec]" = None
        self.use_root = True  # off while walking a named folder that these patterns exclude

    @property
    def spec(self) -> "pathspec.PathSpec":
        if self._spec is None:
            self._spec = _spec(self.patterns)
        return self._spec

    def under_root(self, path: Path) -> bool:
        return path == self.root or self.root in path.parents

    def match(self, path: Path, is_dir: bool, walk_root: Path) -> bool:
        """A pattern matches `path`, relative to the patterns' root or to the walked folder."""
        names = []
        if self.use_root:
            try:
                names.append(path.relative_to(self.root).as_posix())
            except ValueError:
                pass
        try:
            names.append(path.relative_to(walk_root).as_posix())
        except ValueError:
            pass
        suffix = "/" if is_dir else ""
        return any(name not in ("", ".") and self.spec.match_file(name + suffix) for name in names)


class _Walker:
    def __init__(self, suffixes: Sequence[str], groups: Sequence[_Patterns], gitignore: bool):
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.groups = [group for group in groups if group.patterns]
        self.gitignore = gitignore

    def excluded(self, path: Path, is_dir: bool, walk_root: Path) -> bool:
        return any(group.match(path, is_dir, walk_root) for group in self.groups)

    def walk(self, top: Path, out: Discovery) -> None:
        top_abs = Path(os.path.abspath(top))
        stack: list[tuple[Path, pathspec.PathSpec]] = []
        if self.gitignore:
            repo = _git_root(top_abs)
            if repo is not None:
                for folder in reversed([top_abs, *top_abs.parents]):
                    if folder == top_abs or not (folder == repo or repo in folder.parents):
                        continue
                    spec = _gitignore(str(folder))
                    if spec is not None:
                        stack.append((folder, spec))
        # The folder was named, so it is walked even when a pattern matches it (or one of its
        # parents, `build` in /home/u/build/reports): then patterns are matched below it only.
        for group in self.groups:
            group.use_root = True
            group.use_root = group.under_root(top_abs) and not group.match(top_abs, True, top_abs)
        if stack and self._ignored(top_abs, True, stack):
            stack = []
        found: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        self._walk(top, top_abs, top_abs, stack, found, skipped)
        out.files.extend(str(p) for p in sorted(found))
        out.skipped.extend((str(p), reason) for p, reason in sorted(skipped))

    def _ignored(self, abs_path: Path, is_dir: bool, stack) -> bool:
        for base, spec in reversed(stack):  # the deepest .gitignore decides first
            try:
                rel = abs_path.relative_to(base).as_posix()
            except ValueError:
                continue
            decided = _decide(spec, rel + ("/" if is_dir else ""))
            if decided is not None:
                return decided
        return False

    def _walk(self, folder: Path, folder_abs: Path, top_abs: Path, stack, found, skipped) -> None:
        if self.gitignore:
            spec = _gitignore(str(folder_abs))
            if spec is not None:
                stack = [*stack, (folder_abs, spec)]
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            path = folder / entry.name
            path_abs = folder_abs / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if not (is_dir or is_file):
                continue
            if self.excluded(path_abs, is_dir, top_abs) or (self.gitignore and self._ignored(path_abs, is_dir, stack)):
                continue
            if is_dir:
                self._walk(path, path_abs, top_abs, stack, found, skipped)
                continue
            reason = skip_reason(entry.name)
            lowered = entry.name.lower()
            if reason is not None:
                # a lock file of a report (~$报告.docx, .~lock.报告.docx#) is worth a line; other
                # temporary files in the folder are simply not reports
                if lowered.endswith(self.suffixes) or lowered.rstrip("#").endswith(self.suffixes):
                    skipped.append((path, reason))
                continue
            if os.path.splitext(lowered)[1] in self.suffixes:
                found.append(path)


def discover(paths: Sequence[str | os.PathLike], suffixes: Sequence[str], *,
             exclude: Optional[Sequence[str]] = None, extend_exclude: Sequence[str] = (),
             force_exclude: bool = False, respect_gitignore: bool = True,
             root: Optional[str | os.PathLike] = None, settings: "Optional[Settings]" = None) -> Discovery:
    """The files to check under `paths` and the ones skipped (see the module docstring).

    `exclude`, `extend_exclude` and `force_exclude` are the command line's (patterns relative
    to `root`, default the current folder); `settings` brings the configuration's `exclude`,
    `extend-exclude` and `force-exclude` (patterns relative to its file's folder)."""
    root_path = Path(os.path.abspath(root or os.getcwd()))
    groups = _groups(exclude, extend_exclude, root_path, settings)
    force_exclude = force_exclude or bool(settings is not None and settings.force_exclude)
    walker = _Walker(suffixes, groups, respect_gitignore)
    out = Discovery()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if force_exclude and _named_excluded(walker, path):
                continue
            walker.walk(path, out)
            continue
        reason = skip_reason(path.name)
        if reason is not None and path.exists():
            out.skipped.append((str(raw), reason))
            continue
        if force_exclude and _named_excluded(walker, path):
            continue
        out.files.append(str(raw))  # as named (a missing file is reported by the reader)
    return out


def _groups(exclude: Optional[Sequence[str]], extend_exclude: Sequence[str], root: Path,
            settings: "Optional[Settings]") -> list[_Patterns]:
    """The exclusions in force, ruff's way: the command line's `--exclude`, else the
    configuration's `exclude`, else the defaults; then both `extend-exclude` lists."""
    config_root = Path(os.path.abspath(Path(settings.config_path).parent)) \
        if settings is not None and settings.config_path else root
    configured = settings is not None and "exclude" in settings.model_fields_set and bool(settings.exclude)
    if exclude:
        base = _Patterns(exclude, root)
    elif configured:
        assert settings is not None
        base = _Patterns(settings.exclude, config_root)
    else:
        base = _Patterns(DEFAULT_EXCLUDES, root)
    groups = [base]
    added = [(settings.extend_exclude if settings is not None else [], config_root), (extend_exclude, root)]
    for patterns, folder in added:
        last = groups[-1]
        if last.root == folder:  # one list, as gitignore reads it (a later `!pattern` re-includes)
            last.patterns += [p for p in patterns if p not in last.patterns]
        elif patterns:
            groups.append(_Patterns(patterns, folder))
    return groups


def _named_excluded(walker: _Walker, path: Path) -> bool:
    """--force-exclude: a path named on the command line, or one of its folders, is excluded."""
    absolute = Path(os.path.abspath(path))
    candidates = [absolute, *absolute.parents]
    for index, candidate in enumerate(candidates):
        if candidate == candidate.parent:
            break
        is_dir = index > 0 or absolute.is_dir()
        suffix = "/" if is_dir else ""
        for group in walker.groups:
            try:
                rel = candidate.relative_to(group.root).as_posix()
            except ValueError:
                rel = candidate.name
            if rel and rel != "." and (group.spec.match_file(rel + suffix) or group.spec.match_file(candidate.name + suffix)):
                return True
        if walker.gitignore:
            repo = _git_root(candidate.parent)
            if repo is not None:
                stack = []
                for folder in reversed([candidate.parent, *candidate.parent.parents]):
                    if folder == repo or repo in folder.parents:
                        spec = _gitignore(str(folder))
                        if spec is not None:
                            stack.append((folder, spec))
                if walker._ignored(candidate, is_dir, stack):
                    return True
    return False
