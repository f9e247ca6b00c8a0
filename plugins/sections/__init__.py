"""Built-in checker plugin: sections (SEC) — structure, numbering and template residue.

One rule per module under `rules/` (its documentation, its `check` and its messages);
what two or more rules read is here, one concept per module, each read once per document
through `context.facts.memo`:

- `tails`: template headings run into the end of a paragraph (SEC012, numbering, matching);
- `numbering`: lists of sibling headings and their slips (SEC004 … SEC008);
- `enumerations`: 一是…二是… inside paragraphs and their slips (SEC005 … SEC007);
- `matching`: the report's sections matched to the template's outline (SEC001, SEC003, SEC009);
- `leftovers`: template instructions and blanks left in the text (SEC010, SEC009);
- `walk`: the document's sections in order, walked once (the modules above, SEC011).

Rules that read the text on their own: SEC014 (numbered lists inside a paragraph), SEC015
(labelled items 措施1 … 措施6), SEC016 (a form's empty numbered indicator rows), SEC017
(another unit's name where the report names itself).

The marker syntax itself (一、 （一） 1. （1） ① 一是) is `reportlint.parse.markers`.
Without a profile (PRS003 says so once) the numbering, inline-list and leftover checks still run;
the checks against the template's outline, fields and attachments need one.
"""

from __future__ import annotations

from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.rules import Rule

from .rules import RULES


@hookimpl
def reportlint_register_rules() -> list[type[Rule]]:
    return list(RULES)
