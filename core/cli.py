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
from .run.config import Settings, settings_for
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportlint",
        description="Lint Chinese performance self-evaluation reports (部门整体支出绩效自评报告).")
    parser.add_argument("--version", action="version", version=f"reportlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check reports and print findings")
    check.add_argument("paths", nargs="+", metavar="PATH", help="report files (.txt, .docx) or folders")
    check.add_argument("--format", "-f", default="text", help="output format (see `reportlint formats`)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE")
    check.add_argument("--select", type=_codes, help="rule codes or prefixes to enable (comma separated)")
    check.add_argument("--extend-select", type=_codes, help="add to the selection")
    check.add_argument("--ignore", type=_codes, help="rule codes or prefixes to disable")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], help="lowest severity that fails the run")
    check.add_argument("--profile", help="report template to check against (see `reportlint profiles`)")
    check.add_argument("--config", type=Path, help="configuration file (default: found from each file upwards)")
    check.add_argument("--isolated", action="store_true", help="ignore configuration files")
    check.add_argument("--disable-plugin", action="append", default=None, metavar="NAME",
                       help="do not load this plugin (repeatable)")
    check.add_argument("--suppressions", metavar="FILE", help="suppressions file (fingerprint/rule + reason)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record today's findings as the baseline")
    check.add_argument("--jobs", "-j", type=_positive_int, default=None, help="parallel processes (default: CPU cores)")
    check.add_argument("--timeout", type=_seconds, default=None, help="seconds allowed per file (0: no limit)")
    check.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")

    parse = sub.add_parser("parse", help="print the parsed outline of a report")
    parse.add_argument("path", metavar="FILE")
    parse.add_argument("--format", "-f", choices=["text", "json"], default="text")
    parse.add_argument("--profile", help="report template to parse against")

    rules = sub.add_parser("rules", help="list every rule of every plugin")
    rules.add_argument("--format", "-f", choices=["text", "json"], default="text")
    rule = sub.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code")
    plugins = sub.add_parser("plugins", help="list plugins, versions and the hooks they implement")
    plugins.add_argument("--format", "-f", choices=["text", "json"], default="text")
    sub.add_parser("profiles", help="list the report templates (profiles)")
    sub.add_parser("formats", help="list the output formats")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
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


# -- check -----------------------------------------------------------------------------
def _overrides(args) -> dict:
    return {"select": args.select, "extend-select": args.extend_select, "ignore": args.ignore,
            "fail-on": args.fail_on, "profile": args.profile, "disable-plugins": args.disable_plugin,
            "suppressions": args.suppressions, "baseline": args.baseline, "timeout": args.timeout}


def cmd_check(args) -> int:
    from .run.runner import get_manager

    overrides = _overrides(args)
    first = Path(args.paths[0])
    base = settings_for(first, overrides, args.config, args.isolated)
    manager = get_manager(base.disable_plugins)
    rules = manager.rules()
    base.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
    formatters = manager.formatters()
    if args.format not in formatters:
        raise ConfigError(f"unknown format {args.format!r}; known: {', '.join(sorted(formatters))}")
    formatter_cls = formatters[args.format]

    cache: dict[str, Settings] = {}

    def per_file(path: Path) -> Settings:
        if args.isolated or args.config:
            return base
        from .run.config import find_config

        key = str(find_config(path))
        if key not in cache:
            cache[key] = settings_for(path, overrides)
            cache[key].validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
        return cache[key]

    result = _run(args, base, per_file, formatter_cls.needs_text)
    _postprocess(args, base, result)
    for failed in result.errors:
        print(f"{failed.path}: {failed.error}", file=sys.stderr)
    for info in manager.load_errors:
        print(f"reportlint: plugin {info.name!r} could not be loaded: {info.error}", file=sys.stderr)
    color = args.color == "always" or (args.color == "auto" and not args.output and sys.stdout.isatty()
                                       and "NO_COLOR" not in os.environ)
    output = formatter_cls(rules, color=color).format(result)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    _summary(args, result)
    return result.exit_code(base)


def _run(args, base: Settings, per_file, keep_text: bool):
    try:
        from .run.batch import run_batch
    except ImportError:
        run_batch = None
    if run_batch is not None:
        return run_batch(args.paths, settings=base, settings_for=per_file, jobs=args.jobs,
                         keep_text=keep_text, progress=not args.quiet and sys.stderr.isatty())
    from .run.runner import run

    return run(args.paths, base, keep_text=keep_text, settings_for=per_file)


def _postprocess(args, settings: Settings, result) -> None:
    """Suppressions, then baseline comparison / writing (see reportlint.run.suppressions, .baseline)."""
    try:
        from .run import suppressions
    except ImportError:
        suppressions = None
    try:
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


def _summary(args, result) -> None:
    try:
        from .run.batch import print_summary
    except ImportError:
        return
    if not args.quiet:
        print_summary(result, sys.stderr)


# -- parse -----------------------------------------------------------------------------
def cmd_parse(args) -> int:
    from .parse.outline import evaluated_year, reporting_unit
    from .run.runner import get_manager, parse_with, read_source

    manager = get_manager()
    result_source = read_source(args.path, manager)
    document = parse_with(result_source, manager, args.profile)
    if args.format == "json":
        sys.stdout.write(document.model_dump_json(indent=2) + "\n")
        return 0
    print(render_outline(document, evaluated_year(document), reporting_unit(document)))
    return 0


def render_outline(document, year=None, unit=None) -> str:
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
                           "enabled_by_default": r.enabled_by_default, "summary": r.summary()}
                          for r in rules.values()], ensure_ascii=False, indent=2))
        return 0
    for rule in rules.values():
        default = "" if rule.enabled_by_default else "  (off by default)"
        print(f"{rule.code}  {rule.name:<32} {rule.severity:<8} {rule.plugin:<10} {rule.summary()}{default}")
    return 0


def cmd_rule(args) -> int:
    from .run.runner import get_manager

    rules = get_manager().rules()
    rule = rules.get(args.code.upper())
    if rule is None:
        raise ConfigError(f"unknown rule {args.code!r} (see `reportlint rules`)")
    print(f"# {rule.code} {rule.name} ({rule.severity}, plugin {rule.plugin})\n")
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


COMMANDS = {"check": cmd_check, "parse": cmd_parse, "rules": cmd_rules, "rule": cmd_rule,
            "plugins": cmd_plugins, "profiles": cmd_profiles, "formats": cmd_formats}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
