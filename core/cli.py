"""Command line: `reportlint check|parse|rules|rule|plugins|profiles`.

Exit codes: 0 nothing at or above the fail level; 1 findings at or above it;
2 usage error, bad configuration or unreadable input. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__

# Start-up: pydantic scans every installed distribution for its plugins when the first model
# class is built (14-17 ms in a large environment). reportlint's models use none; whoever
# wants pydantic plugins in reportlint sets PYDANTIC_DISABLE_PLUGINS themselves ("" = all on).
# While they are off, pydantic's loader (and the importlib.metadata it imports) is not loaded.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from .run.pydantic_plugins import install as _keep_pydantic_plugin_loader_off  # noqa: E402

_keep_pydantic_plugin_loader_off()

from .run.config import Settings, settings_for  # noqa: E402 - after the pydantic setting
from .errors import ConfigError, InputError


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _seconds(value: str) -> float:
    number = float(value)
    if number < 0 or number != number:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return number


def _codes(value: str) -> list[str]:
    return [part.strip().upper() for part in value.split(",") if part.strip()]


def _patterns(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class _BilingualHelp(argparse.HelpFormatter):
    """argparse's help with its English headings also in Chinese (用法, 选项)."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix if prefix is not None else "usage / 用法: ")


def _bilingual_titles(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "arguments / 参数"
    parser._optionals.title = "options / 选项"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "show this help and exit / 显示本帮助"
        elif isinstance(action, argparse._VersionAction):
            action.help = "show the version and exit / 显示版本"


class _BilingualParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _BilingualHelp)
        super().__init__(*args, **kwargs)
        _bilingual_titles(self)


def build_parser(only: Optional[str] = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, a command's options are added for that command
    alone (the other commands are not listed): building all nine cost 1.5% of a one-file check."""

    def wanted(command: str) -> bool:
        return only is None or only == command

    parser = argparse.ArgumentParser(
        prog="reportlint", formatter_class=_BilingualHelp,
        description="Lint Chinese performance self-evaluation reports (部门整体支出绩效自评报告). / "
                    "检查绩效自评报告中的金额、比率、日期、章节和评分。",
        epilog="`reportlint COMMAND --help` for a command's options / 查看某个命令的选项")
    parser.add_argument("--version", action="version", version=f"reportlint {__version__}")
    _bilingual_titles(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands / 命令",
                                parser_class=_BilingualParser)

    if wanted("check"):
        check = sub.add_parser(
            "check", help="check reports and print findings / 检查报告并列出问题",
            description="Check reports and print findings. / 检查绩效自评报告，列出发现的问题。",
            epilog="exit codes / 退出码: 0 no finding at or above --fail-on / 未发现达到失败级别的问题; "
                   "1 findings / 发现问题; 2 usage error, bad configuration, unreadable report / "
                   "用法错误、配置错误或报告无法读取")
        check.add_argument("paths", nargs="+", metavar="PATH",
                           help="report files or folders; - reads standard input / 报告文件或文件夹；- 表示从标准输入读取")
        check.add_argument("--format", "-f", default="text",
                           help="output format: text, concise, json, sarif, html … (see `reportlint formats`) / "
                                "输出格式")
        check.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE / 输出写入文件")
        check.add_argument("--select", type=_codes,
                           help="rule codes or prefixes to enable, comma separated / 启用的规则代码或前缀，逗号分隔")
        check.add_argument("--extend-select", type=_codes, help="add to the selection / 在已选规则之外再启用")
        check.add_argument("--ignore", type=_codes, help="rule codes or prefixes to disable / 停用的规则代码或前缀")
        check.add_argument("--fail-on", choices=["error", "warning", "info"],
                           help="lowest severity that fails the run (default warning) / "
                                "达到此级别即判为不通过：error 错误、warning 警告（默认）、info 提示")
        check.add_argument("--exit-zero", action="store_true",
                           help="exit 0 even when findings are reported (2 still means an error) / "
                                "发现问题也以 0 退出（无法读取等错误仍为 2）")
        check.add_argument("--statistics", action="store_true",
                           help="print how many findings each rule has instead of the findings / 只统计每条规则的问题数")
        check.add_argument("--profile", help="report template to check against (see `reportlint profiles`) / "
                                             "指定报告模板")
        check.add_argument("--config", type=Path,
                           help="configuration file (default: found from each file upwards) / 配置文件（默认自动查找）")
        check.add_argument("--isolated", action="store_true", help="ignore configuration files / 不读取配置文件")
        check.add_argument("--disable-plugin", action="append", default=None, metavar="NAME",
                           help="do not load this plugin (repeatable) / 不加载该插件（可重复）")
        check.add_argument("--suppressions", metavar="FILE",
                           help="suppressions file (fingerprint/rule + reason) / 豁免清单文件")
        check.add_argument("--baseline", metavar="FILE",
                           help="report only findings not in this baseline / 只报告基线文件中没有的新问题")
        check.add_argument("--write-baseline", metavar="FILE",
                           help="record today's findings as the baseline / 把当前问题记录为基线")
        check.add_argument("--exclude", type=_patterns, action="extend", default=None, metavar="PATTERNS",
                           help="gitignore-style patterns left out of folder runs, replacing the defaults "
                                "(.git, .venv, node_modules, build, dist …) / 检查文件夹时排除的路径模式（替换默认排除项）")
        check.add_argument("--extend-exclude", type=_patterns, action="extend", default=None, metavar="PATTERNS",
                           help="patterns left out in addition to the defaults / 在默认排除项之外再排除")
        check.add_argument("--force-exclude", action="store_true",
                           help="apply the exclusions to files named on the command line too (pre-commit) / "
                                "命令行直接给出的文件也按排除规则处理")
        check.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                           help="also check files that .gitignore ignores / 不理会 .gitignore")
        check.add_argument("--stdin-filename", metavar="NAME",
                           help="the name of the report read from standard input (-): its suffix picks the reader, "
                                "its folder the configuration / 从标准输入读取时报告的文件名")
        check.add_argument("--jobs", "-j", type=_positive_int, default=None,
                           help="parallel processes (default: CPU cores) / 并行进程数（默认：CPU 核数）")
        check.add_argument("--timeout", type=_seconds, default=None,
                           help="seconds allowed per file (0: no limit) / 每个文件的时限（秒，0 为不限）")
        check.add_argument("--no-cache", action="store_true",
                           help="check every file, without the results cache (docs/scale.md) / 不使用结果缓存")
        check.add_argument("--cache-dir", metavar="DIR", default=None,
                           help="results cache folder (default: ~/.cache/reportlint) / 结果缓存目录")
        check.add_argument("--executor", choices=["processes", "dask"], default="processes",
                           help="where files are checked: local processes (--jobs), or a Dask cluster "
                                "(pip install \"reportlint[dask]\", docs/scale.md) / 在本机进程或 Dask 集群上检查")
        check.add_argument("--dask-scheduler", metavar="ADDRESS", default=None,
                           help="Dask scheduler to use (default: $REPORTLINT_DASK_SCHEDULER, else a local cluster "
                                "of --jobs workers) / Dask 调度器地址")
        check.add_argument("--timings", action="store_true",
                           help="after the run, print on stderr where the checking time went: the parse, each "
                                "rule, each kind of fact (checks every file, without the results cache; "
                                "docs/scale.md) / 检查结束后在标准错误输出各规则、各类事实的耗时")
        check.add_argument("--quiet", "-q", action="store_true",
                           help="only the findings: no progress bar, counts or summary / 只输出问题，不显示进度和汇总")
        check.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                           help="colours: auto (on a terminal, unless NO_COLOR is set), always, never / "
                                "颜色：auto 自动（终端且未设 NO_COLOR 时）、always 总是、never 从不")

    if wanted("parse"):
        parse = sub.add_parser("parse", help="print the parsed outline of a report / 显示报告的章节结构")
        parse.add_argument("path", metavar="FILE")
        parse.add_argument("--format", "-f", choices=["text", "json"], default="text")
        parse.add_argument("--profile", help="report template to parse against")

    if wanted("facts"):
        facts = sub.add_parser("facts", help="export the facts read from reports (one row per fact) / 导出报告中的金额、日期等数据")
        facts.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
        facts.add_argument("--format", "-f", choices=["json", "csv"], default="json")
        facts.add_argument("--output", "-o", metavar="FILE", help="write to FILE (CSV: UTF-8 with BOM)")
        facts.add_argument("--kind", action="append", default=None, metavar="KIND",
                           help="only these fact kinds (repeatable): quantities, dates, document_numbers, "
                                "formulas, breakdowns, changes, score_tables, report")
        facts.add_argument("--profile", help="report template to read against")

    if wanted("rules"):
        rules = sub.add_parser("rules", help="list every rule of every plugin / 列出所有规则")
        rules.add_argument("--format", "-f", choices=["text", "json"], default="text")
    if wanted("rule"):
        rule = sub.add_parser("rule", help="print a rule's documentation / 显示一条规则的说明")
        rule.add_argument("code")
    if wanted("plugins"):
        plugins = sub.add_parser("plugins", help="list plugins, versions and the hooks they implement / 列出插件")
        plugins.add_argument("--format", "-f", choices=["text", "json"], default="text")
    if wanted("profiles"):
        sub.add_parser("profiles", help="list the report templates (profiles) / 列出报告模板")
    if wanted("formats"):
        sub.add_parser("formats", help="list the output formats / 列出输出格式")

    if wanted("serve"):
        serve = sub.add_parser("serve", help="run the review service: upload page and JSON API (docs/serve.md) / 启动审阅服务")
        serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        serve.add_argument("--workers", type=_positive_int, default=None,
                           help="checking processes (default: CPU cores)")
        serve.add_argument("--token", default=None, help="access token for the API (or REPORTLINT_TOKEN)")
        serve.add_argument("--allow-no-token", action="store_true",
                           help="serve a non-loopback address without a token (a proxy authenticates)")
        serve.add_argument("--timeout", type=_seconds, default=30.0, help="seconds allowed per file (default 30)")
        serve.add_argument("--max-request-mb", type=float, default=20.0, help="largest request body (default 20)")
        serve.add_argument("--max-files", type=_positive_int, default=20, help="files per request (default 20)")
        serve.add_argument("--config", type=Path, help="configuration file for every request (default: found "
                                                       "from the current folder upwards)")
        serve.add_argument("--root-path", default="", help="URL prefix when served under a sub-path by a proxy")
        serve.add_argument("--forwarded-allow-ips", default=None,
                           help="proxies trusted for X-Forwarded-* (default 127.0.0.1)")
        serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    return parser


def main(argv: Optional[Sequence[str]] = None, *, collector_paused: bool = False) -> int:
    """Run one command; its exit code.

    `collector_paused`: the caller (the `reportlint` command, reportlint.__main__) paused the
    cyclic garbage collector for start-up; it is resumed once start-up is over (see
    `_start_up_done`), and in any case before this returns.
    """
    global _collector_paused_for_start_up
    _collector_paused_for_start_up = collector_paused
    try:
        return _main(argv)
    finally:
        _resume_collector()


def _main(argv: Optional[Sequence[str]]) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    # the one command asked for (its name comes first): the others' options are not built
    parser = build_parser(only=given[0] if given and given[0] in COMMANDS else None)
    args = parser.parse_args(given)
    if args.command is None:
        parser.print_help()
        return 2
    if args.command not in LOADS_PLUGINS_FIRST:
        _resume_collector()  # `serve` and the listing commands run with the collector as usual
    try:
        if argv is None and args.command in MEMORY_BOUNDED:
            _bound_memory()
        return COMMANDS[args.command](args)
    except MemoryError:
        from .run.limits import current_memory_limit, out_of_memory_message

        print(f"reportlint: {out_of_memory_message(current_memory_limit())}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"reportlint: error: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"reportlint: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("reportlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except RecursionError:
        print("reportlint: report nesting too deep to process / 结构过深，无法处理", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line, never a traceback
        print(f"reportlint: internal error, please report it: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


# Start-up with the collector paused (reportlint.__main__): the commands that load the
# plugins first call `_start_up_done` once they have; any other resumes it at once.
LOADS_PLUGINS_FIRST = ("check", "facts", "parse")
_collector_paused_for_start_up = False


def _start_up_done() -> None:
    """Start-up's objects (plugins, grammars, model classes) are never garbage: `gc.freeze()`
    moves them out of the collector's sight for the rest of the run; then the collector
    paused for start-up, if it was, runs again."""
    import gc

    gc.freeze()
    _resume_collector()


def _resume_collector() -> None:
    global _collector_paused_for_start_up
    if _collector_paused_for_start_up:
        import gc

        _collector_paused_for_start_up = False
        gc.enable()


# Commands whose process only checks reports: run as a command (not main() called by a host
# program), they lower their address-space limit (docs/security.md), which batch workers inherit.
MEMORY_BOUNDED = ("check", "facts", "parse")


def _bound_memory() -> None:
    from .run.limits import apply_memory_limit, memory_limit_setting

    try:
        apply_memory_limit(memory_limit_setting())
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


# -- check -----------------------------------------------------------------------------
def _overrides(args) -> dict:
    return {"select": args.select, "extend-select": args.extend_select, "ignore": args.ignore,
            "fail-on": args.fail_on, "profile": args.profile, "disable-plugins": args.disable_plugin,
            "suppressions": args.suppressions, "baseline": args.baseline, "timeout": args.timeout}


def cmd_check(args) -> int:
    from .run.runner import get_manager

    overrides = _overrides(args)
    _console_safe()
    first = Path(_first_path(args))
    base = _base_settings(first, overrides, args)
    manager = get_manager(base.disable_plugins)
    rules = manager.rules()
    formatters = manager.formatters()
    if args.format not in formatters:
        raise ConfigError(f"unknown format {args.format!r}; known: {', '.join(sorted(formatters))}")
    formatter_cls = formatters[args.format]
    if getattr(args, "timings", False) and args.executor == "dask":
        raise ConfigError("--timings measures the checks of this machine's processes, not of a Dask cluster: "
                          "leave out --executor dask / --timings 不能与 --executor dask 同用")
    _start_up_done()
    _check_destinations(args, base)  # before any work: never write over a report or a configuration

    cache: dict[str, Settings] = {}
    # folder → its configuration file: the reports of a folder share one search up the tree
    # (one run's view of the configuration files, as ruff resolves them once per folder)
    found_in: dict[str, Optional[Path]] = {}

    def per_file(path: Path) -> Settings:
        if args.isolated or args.config:
            return base
        from .run.config import find_config, settings_from

        folder = str(path if path.is_dir() else path.parent)  # where find_config starts its search
        if folder not in found_in:
            found_in[folder] = find_config(Path(folder))
        found = found_in[folder]
        key = str(found)
        if key not in cache:  # validated before it is cached: a broken file raises on every call
            settings = settings_from(found, overrides)
            settings.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
            cache[key] = settings
        return cache[key]

    if _can_stream(args, base, formatter_cls):
        result = _check_streamed(args, base, per_file, formatter_cls, rules)
    else:
        result = _run(args, base, per_file, formatter_cls.needs_text)
        _postprocess(args, base, result)
        _report_errors(result, manager)
        from .formatters.terminal import use_color

        color = use_color(args.color, sys.stdout, to_file=bool(args.output))
        output = _render(args, formatter_cls, rules, color, result)
        if args.output:
            from .run.output import write_atomic

            write_atomic(args.output, output, what="output")  # temporary file + rename: never partial
        else:
            from .formatters.escape import safe_text

            sys.stdout.write(safe_text(output))  # a non-UTF-8 file name cannot kill the output
            sys.stdout.flush()
    _summary(args, result, per_file, rules)
    if getattr(args, "timings", False):
        _print_timings(result)
    return _exit_code(args, base, per_file, result)


def _print_timings(result) -> None:
    """`--timings`: the costliest parts of the checks, summed over the files (reportlint.run.timings)."""
    from .run.timings import add_up, render

    totals, timed = add_up(f.timings for f in result.files)
    sys.stderr.write(("\n" if totals else "") + render(totals, timed))
    sys.stderr.flush()


def _report_errors(result, manager) -> None:
    """Unreadable files and plugins that could not be loaded, one line each on stderr."""
    from .formatters.terminal import inert

    for failed in result.errors:
        print(f"{inert(failed.path)}: {inert(failed.error)}", file=sys.stderr)
    for info in manager.load_errors:
        print(f"reportlint: plugin {info.name!r} could not be loaded: {info.error}", file=sys.stderr)


def _can_stream(args, base: Settings, formatter_cls) -> bool:
    """Whether the output can be written file by file as results arrive.

    Only for formats that stream (jsonl, concise, text, github), and only when nothing needs
    the whole run before the first line is written: suppressions (PRS004 names the unused
    ones) and baselines are applied to the whole run, --statistics counts it.
    """
    return (bool(getattr(formatter_cls, "streams", False)) and not args.statistics and not base.suppressions
            and not base.baseline and not args.write_baseline and args.paths != ["-"]
            and getattr(args, "executor", "processes") != "dask")


def _check_streamed(args, base: Settings, per_file, formatter_cls, rules):
    """Check the run and write each file's part of the output as soon as it is known, in order.

    The run keeps a compact tally of each file written (reportlint.run.batch.compact), not
    every finding. With -o the output still goes through a temporary file renamed at the
    end (reportlint.run.output.AtomicFile): never a partial file.
    """
    from contextlib import nullcontext

    from .formatters.escape import safe_text
    from .formatters.terminal import use_color
    from .run.batch import compact
    from .run.runner import get_manager

    color = use_color(args.color, sys.stdout, to_file=bool(args.output))
    formatter = formatter_cls(rules, color=color)
    if args.quiet and hasattr(formatter, "quiet"):
        formatter.quiet = True
    if args.output:
        from .run.output import AtomicFile

        sink = AtomicFile(args.output, what="output")
        write = sink.write
    else:
        sink = nullcontext()

        def write(text: str) -> None:
            if text:
                sys.stdout.write(safe_text(text))  # a non-UTF-8 file name cannot kill the output
                sys.stdout.flush()

    def on_result(file_result):
        write(formatter.format_file(file_result))
        return compact(file_result)

    with sink:
        write(formatter.begin())
        result = _run(args, base, per_file, False, on_result=on_result)
        _report_errors(result, get_manager(base.disable_plugins))
        write(formatter.end(result))
    return result


def _base_settings(first: Path, overrides: dict, args) -> Settings:
    """The run's own settings (plugins, exit level, suppressions, baseline), validated.

    With `--isolated` or `--config FILE` they are the settings of every file. Otherwise they
    come from the configuration found for the first report; when that file is broken it
    costs only the files it governs (each is reported, see reportlint.run.batch), and the
    run goes on with the command line's settings. Errors of the command line itself still
    end the run (exit code 2).
    """
    from .run.runner import get_manager

    def validated(settings: Settings) -> Settings:
        rules = get_manager(settings.disable_plugins).rules()
        settings.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
        return settings

    if args.isolated or args.config:
        return validated(settings_for(first, overrides, args.config, args.isolated))
    try:
        return validated(settings_for(first, overrides))
    except ConfigError:
        from .run.config import config_in_the_way

        fallback = validated(settings_for(first, overrides, isolated=True))  # the command line's own errors
        broken = config_in_the_way(first)
        if broken is None or all(_below(path, broken.parent) for path in args.paths):
            raise  # it governs every report of the run: one error, nothing checked
        return fallback


def _below(path: str, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder)
        return True
    except ValueError:
        return False


def _check_destinations(args, base: Settings) -> None:
    """Refuse `-o`/`--write-baseline` naming a report of this run, a configuration, suppressions
    or baseline file, or each other (reportlint.run.output)."""
    if not args.output and not args.write_baseline:
        return
    from .run.output import check_destination
    from .run.runner import collect_paths

    # Only an existing regular file (or a link to one) can be one of the reports: a new file,
    # /dev/null or a FIFO cannot, and walking the folders for them cost a cached run a fifth
    # of its time.
    if any(destination and os.path.isfile(destination) for destination in (args.output, args.write_baseline)):
        reports = dict.fromkeys([*args.paths, *collect_paths(args.paths, base.exclude)])
    else:
        reports = dict.fromkeys(args.paths)
    inputs = [("a report checked by this run", path) for path in reports if not Path(path).is_dir()]
    common = inputs + [("the configuration file", base.config_path), ("the configuration file", args.config),
                       ("the suppressions file", base.suppressions)]
    if args.output:
        check_destination(args.output, "output", common + [("the baseline file", base.baseline),
                                                           ("the baseline written by this run", args.write_baseline)])
    if args.write_baseline:  # over the baseline being read is allowed: that is how a baseline is refreshed
        check_destination(args.write_baseline, "baseline", common)


def _run(args, base: Settings, per_file, keep_text: bool, on_result=None):
    """The run's results; `on_result` (streamed output) gets each file's result in order."""
    if args.paths == ["-"]:
        return _run_stdin(args, base, per_file, keep_text)
    if "-" in args.paths:
        raise ConfigError("`-` (standard input) cannot be combined with other paths / 标准输入不能与其他路径同时使用")
    found = _discover(args, base)
    result = _run_cached(args, base, per_file, keep_text, found.files, on_result)
    result.skipped = found.skipped  # type: ignore[attr-defined]  # listed by the summary
    result.fails = _judge(args, base, per_file)  # type: ignore[attr-defined]  # 通过/不通过 in the HTML
    return result


def _run_cached(args, base: Settings, per_file, keep_text: bool, files: list, on_result=None):
    """The files checked, through the results cache unless --no-cache (or the output shows
    the reports' text): unchanged files are not checked again (reportlint.run.cache)."""
    if getattr(args, "no_cache", False) or keep_text or getattr(args, "timings", False) or not files:
        return _run_files(args, base, per_file, keep_text, files, on_result)
    from .run.cache import ResultCache, run_cached
    from .run.runner import get_manager

    cache = ResultCache.open(get_manager(base.disable_plugins), getattr(args, "cache_dir", None))
    if cache is None:  # a plugin registered as an object (embedding code, tests): no fingerprint
        return _run_files(args, base, per_file, keep_text, files, on_result)
    return run_cached(files, lambda path: per_file(Path(path)),
                      lambda misses, *hand_on: _run_files(args, base, per_file, keep_text, misses, *hand_on),
                      cache, on_result)


def _run_files(args, base: Settings, per_file, keep_text: bool, files: list, on_result=None):
    if getattr(args, "executor", "processes") == "dask":
        from .run.dask_executor import run_dask

        result = run_dask(files, settings=base, settings_for=per_file, address=args.dask_scheduler, jobs=args.jobs)
        return _handed_on(result, on_result)
    try:
        from .run.batch import run_batch
    except ImportError:
        run_batch = None
    if run_batch is not None:
        from .formatters.terminal import enable_ansi, is_terminal

        # a streamed output on the terminal shows the progress itself: no bar to interleave with it
        progress = (not args.quiet and is_terminal(sys.stderr) and enable_ansi(sys.stderr)
                    and not (on_result is not None and not args.output and is_terminal(sys.stdout)))
        return run_batch(files, settings=base, settings_for=per_file, jobs=args.jobs,
                         keep_text=keep_text, progress=progress, on_result=on_result,
                         timings=getattr(args, "timings", False))
    from .run.runner import run

    return _handed_on(run(files, base, keep_text=keep_text, settings_for=per_file,
                          timings=getattr(args, "timings", False)), on_result)


def _handed_on(result, on_result):
    """A whole run's results handed to `on_result` in order (executors that do not stream)."""
    if on_result is not None:
        result.files = [on_result(item) for item in result.files]
    return result


def _discover(args, base: Settings):
    """The files of the run: folders walked with the exclusions of the command line and the
    configuration (exclude, extend-exclude, force-exclude; reportlint.run.discovery)."""
    from .run.discovery import discover
    from .run.runner import REPORT_SUFFIXES

    return discover(args.paths, REPORT_SUFFIXES, exclude=args.exclude, extend_exclude=args.extend_exclude or (),
                    force_exclude=args.force_exclude, respect_gitignore=args.respect_gitignore, settings=base)


def _first_path(args) -> str:
    if args.paths == ["-"]:
        return args.stdin_filename or "-"
    return args.paths[0]


def _run_stdin(args, base: Settings, per_file, keep_text: bool):
    """`reportlint check -`: one report from standard input, named by --stdin-filename."""
    from .run.runner import FileResult, RunResult, check_source, get_manager, plugin_load_findings

    name = args.stdin_filename or "-"
    settings = per_file(Path(name)) if args.stdin_filename else base
    manager = get_manager(settings.disable_plugins)
    manager.rules()
    manager.profiles()
    manager.configure(settings)
    result = RunResult(settings=base, extra=plugin_load_findings(manager))
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    readers = manager.readers()
    reader = readers.get(Path(name).suffix.lower()) or readers[".txt"]
    try:
        result.files.append(check_source(reader(data, name), settings, manager, keep_text,
                                         getattr(args, "timings", False)))
    except InputError as exc:
        result.files.append(FileResult(path=name, error=exc.message))
    result.fails = _judge(args, base, per_file)  # type: ignore[attr-defined]
    return result


def _render(args, formatter_cls, rules, color: bool, result) -> str:
    """The formatter's output, or with --statistics the findings counted per rule."""
    if args.statistics:
        return _statistics(result, rules, as_json=args.format == "json")
    formatter = formatter_cls(rules, color=color)
    if args.quiet and hasattr(formatter, "quiet"):
        formatter.quiet = True
    return formatter.format(result)


def _statistics(result, rules, as_json: bool = False) -> str:
    """`--statistics`: one line per rule, most findings first (ruff's layout)."""
    from collections import Counter

    from .formatters.terminal import inert

    counts = Counter(f.rule for f in result.findings)
    severity = {f.rule: f.severity for f in result.findings}
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = rules.get(code)
        title = getattr(rule, "title", None) or (rule.summary() if rule is not None else "")
        rows.append({"code": code, "name": getattr(rule, "name", ""), "severity": severity[code],
                     "count": count, "title": title})
    if as_json:
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    width = max((len(str(r["count"])) for r in rows), default=1)
    lines = [f"{r['count']:>{width}}  {r['code']:<7} {names[r['severity']]}  {inert(r['name'])}  {inert(r['title'])}"
             .rstrip() for r in rows]
    lines.append(f"共 {sum(counts.values())} 个问题，涉及 {len(counts)} 条规则")
    return "\n".join(lines) + "\n"


def _exit_code(args, base: Settings, per_file, result) -> int:
    """2 for an unreadable file; else 1 when a finding reaches its own file's fail level.

    Each file is judged by its own settings (`fail-on` of the configuration that governs it),
    so the exit code does not depend on which path came first. --exit-zero: 0 unless 2.
    """
    if result.errors:
        return 2
    if args.exit_zero:
        return 0
    judge = _judge(args, base, per_file)
    if any(base.fails(f.severity) for f in result.extra):
        return 1
    return 1 if any(judge(item) for item in result.files) else 0


def _judge(args, base: Settings, per_file):
    """file result → does it fail (a finding at or above its own fail level)."""
    def settings_of(path: str) -> Settings:
        if path == "-" or args.paths == ["-"] and not args.stdin_filename:
            return base
        try:
            return per_file(Path(path))
        except ConfigError:
            return base

    return lambda item: any(settings_of(item.path).fails(f.severity) for f in item.findings)


def _console_safe() -> None:
    """On Windows, output piped to a file in the console's code page (GBK) replaces what it cannot
    encode instead of ending the run."""
    if sys.platform != "win32":
        return
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _postprocess(args, settings: Settings, result) -> None:
    """Suppressions, then baseline comparison / writing (see reportlint.run.suppressions, .baseline)."""
    suppressions = baseline = None  # imported only when the run uses them
    try:
        if settings.suppressions:
            from .run import suppressions
    except ImportError:
        suppressions = None
    try:
        if args.write_baseline or settings.baseline:
            from .run import baseline
    except ImportError:
        baseline = None
    if suppressions is not None and settings.suppressions:
        suppressions.apply(result, settings.suppressions)
    if baseline is not None:
        if args.write_baseline:
            baseline.write(result, args.write_baseline)
        if settings.baseline:
            baseline.filter_new(result, settings.baseline)


def _summary(args, result, per_file=None, rules=None) -> None:
    if args.quiet or args.statistics:
        return
    try:
        from .run.batch import print_summary
    except ImportError:
        return
    if not args.quiet and not args.statistics:
        judge = _judge(args, result.settings or Settings(), per_file) if per_file is not None else None
        print_summary(result, sys.stderr, fails=judge, rules=rules)


# -- facts -----------------------------------------------------------------------------
def cmd_facts(args) -> int:
    """Facts of every report as one table; an unreadable file is one line on stderr, exit 2."""
    from .facts import Facts
    from .facts.export import report_rows, write_csv, write_json
    from .facts.store import EXPORTED
    from .run.runner import collect_paths, get_manager, parse_with, read_source

    kinds = set(args.kind) if args.kind else None
    unknown = sorted((kinds or set()) - set(EXPORTED))
    if unknown:
        raise ConfigError(f"unknown fact kind {', '.join(unknown)} (known: {', '.join(EXPORTED)})")
    manager = get_manager()
    _start_up_done()
    rows: list = []
    errors: list = []
    if args.output:  # never over a report read by this run, nor a configuration file
        from .run.output import check_destination

        check_destination(args.output, "output", [("a report read by this run", path) for path in
                                                  dict.fromkeys([*args.paths, *collect_paths(args.paths)])
                                                  if not Path(path).is_dir()])
    for path in collect_paths(args.paths):
        try:
            source = read_source(path, manager)
            document = parse_with(source, manager, args.profile)
            profile = next((p for p in manager.profiles() if p.name == document.profile.name), None)
            rows.extend(report_rows(path, Facts(document, source, profile), kinds))
        except InputError as exc:
            print(f"reportlint: {exc}", file=sys.stderr)
            errors.append({"file": path, "error": exc.message})
    if args.output:
        import io

        from .run.output import write_atomic

        out = io.StringIO(newline="")
        (write_csv(rows, out) if args.format == "csv" else write_json(rows, errors, out))
        write_atomic(args.output, out.getvalue(), what="output")  # temporary file + rename: never partial
    elif args.format == "csv":
        write_csv(rows, sys.stdout)
    else:
        write_json(rows, errors, sys.stdout)
    return 2 if errors else 0


# -- parse -----------------------------------------------------------------------------
def cmd_parse(args) -> int:
    from .facts import Facts
    from .run.runner import get_manager, parse_with, read_source

    manager = get_manager()
    _start_up_done()
    result_source = read_source(args.path, manager)
    document = parse_with(result_source, manager, args.profile)
    if args.format == "json":
        sys.stdout.write(document.model_dump_json(indent=2) + "\n")
        return 0
    report = Facts(document, result_source).report  # the one evaluated year and filing date
    print(render_outline(document, _located(report.evaluated_year), _located(report.unit),
                         _located(report.filing_date)))
    return 0


def _located(found) -> Optional[str]:
    """A report-level fact with where it was read: `2021 (评价年度, L5)`."""
    if found is None:
        return None
    where = f", L{found.span.line}" if found.span is not None else ""
    return f"{found.value} ({found.source}{where})"


def render_outline(document, year=None, unit=None, filed=None) -> str:
    """The outline as `reportlint parse` prints it: one node per line, with line numbers."""
    from .parse.model import Paragraph, Table

    out = [f"{document.path}"]
    match = document.profile
    if match.name:
        runner = f"; runner-up {match.runner_up} {match.runner_up_score:.2f}" if match.runner_up else ""
        how = "named" if match.forced else f"score {match.score:.2f}{runner}"
        out.append(f"profile: {match.name} ({how})")
    else:
        out.append(f"profile: none (best {match.runner_up or '-'} {match.runner_up_score:.2f})")
    if document.title:
        out.append(f"L{document.title_span.line:<5} title      {document.title}")
    if document.template_label:
        out.append(f"{'':7}template   {document.template_label}")
    for field in document.header:
        out.append(f"L{field.span.line:<5} field      {field.label} = {field.value}")
    out.append(f"{'':7}year       {year if year is not None else '?'}")
    out.append(f"{'':7}unit       {unit or '?'}")
    out.append(f"{'':7}filed      {filed or '?'}")
    from .parse.render import parse_extras

    out.extend(parse_extras(document))  # template family and version, page furniture set aside

    def body_summary(blocks) -> str:
        paragraphs = sum(1 for b in blocks if isinstance(b, Paragraph))
        tables = [b for b in blocks if isinstance(b, Table)]
        parts = []
        if paragraphs:
            parts.append(f"{paragraphs} para")
        for table in tables:
            rows, cols = table.shape
            parts.append(f"table L{table.span.line} {rows}x{cols}")
        return f"  ({', '.join(parts)})" if parts else ""

    def walk(section, depth):
        marker = section.marker or "[no marker]"
        flags = []
        if section.borrowed:
            flags.append("borrowed")
        if section.canonical and section.canonical != section.title:
            flags.append(f"= {section.canonical}")
        flag = f"  <{', '.join(flags)}>" if flags else ""
        out.append(f"L{section.span.line:<5} {'  ' * depth}{marker} {section.title}{flag}{body_summary(section.body)}")
        for child in section.children:
            walk(child, depth + 1)

    for section in document.sections:
        walk(section, 0)
    for attachment in document.attachments:
        out.append(f"L{attachment.span.line:<5} {attachment.label} {attachment.title}{body_summary(attachment.body)}")
    return "\n".join(out)


# -- registries ------------------------------------------------------------------------
def cmd_rules(args) -> int:
    from .run.runner import get_manager

    rules = get_manager().rules()
    if args.format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "plugin": r.plugin,
                           "enabled_by_default": r.enabled_by_default, "title": r.title,
                           "summary": r.summary()}
                          for r in rules.values()], ensure_ascii=False, indent=2))
        return 0
    for rule in rules.values():
        default = "" if rule.enabled_by_default else "  (off by default)"
        title = f"{rule.title}：" if rule.title else ""
        print(f"{rule.code}  {rule.name:<32} {rule.severity:<8} {rule.plugin:<10} {title}{rule.summary()}{default}")
    return 0


def cmd_rule(args) -> int:
    from .run.runner import get_manager

    rules = get_manager().rules()
    rule = rules.get(args.code.upper())
    if rule is None:
        raise ConfigError(f"unknown rule {args.code!r} (see `reportlint rules`)")
    title = f" {rule.title}" if rule.title else ""
    print(f"# {rule.code} {rule.name}{title} ({rule.severity}, plugin {rule.plugin})\n")
    print(rule.documentation())
    return 0


def cmd_plugins(args) -> int:
    from .run.runner import get_manager

    infos = get_manager().infos
    if args.format == "json":
        print(json.dumps([info.__dict__ for info in infos], ensure_ascii=False, indent=2))
        return 0
    for info in infos:
        kind = "built-in" if info.builtin else "external"
        status = f"FAILED: {info.error}" if info.error else ", ".join(info.hooks)
        print(f"{info.name:<12} {info.version:<10} {kind:<9} {info.module:<34} {status}")
    return 0


def cmd_profiles(args) -> int:
    from .run.runner import get_manager

    for profile in get_manager().profiles():
        print(f"{profile.name:<22} {profile.title}")
    return 0


def cmd_formats(args) -> int:
    from .run.runner import get_manager

    for name, formatter in sorted(get_manager().formatters().items()):
        print(f"{name:<8} {formatter.description}")
    return 0


def cmd_serve(args) -> int:
    try:
        from . import serve
    except ImportError as exc:  # the optional extra is not installed
        missing = exc.name or "fastapi"
        print(f'reportlint: `reportlint serve` needs the serve extra ({missing} is not installed): '
              f'pip install "reportlint[serve]"', file=sys.stderr)
        return 2
    return serve.serve(host=args.host, port=args.port, workers=args.workers, token=args.token,
                       allow_no_token=args.allow_no_token, timeout=args.timeout,
                       max_request_mb=args.max_request_mb, max_files=args.max_files, config=args.config,
                       root_path=args.root_path, forwarded_allow_ips=args.forwarded_allow_ips,
                       log_level=args.log_level)


COMMANDS = {"check": cmd_check, "facts": cmd_facts, "parse": cmd_parse, "rules": cmd_rules, "rule": cmd_rule,
            "plugins": cmd_plugins, "profiles": cmd_profiles, "formats": cmd_formats,
            "serve": cmd_serve}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
