"""The FRM rules, one per module (FRM001.py … FRM012.py): each rule's documentation, its
`check(context)` on the facts stage and its messages."""

from __future__ import annotations

from .FRM001 import FormulaResultMismatch
from .FRM002 import PartsDoNotAddUp
from .FRM003 import TableTotalMismatch
from .FRM004 import DefinedFigureMismatch
from .FRM005 import RepeatedFigureConflict
from .FRM006 import FormulaNotComputable
from .FRM007 import ChangeRateMismatch
from .FRM008 import IdentityMismatch
from .FRM009 import CombinedRateMismatch
from .FRM010 import CountListMismatch
from .FRM011 import TextTableMismatch
from .FRM012 import ShareMismatch

RULES = [FormulaResultMismatch, PartsDoNotAddUp, TableTotalMismatch, DefinedFigureMismatch,
         RepeatedFigureConflict, FormulaNotComputable, ChangeRateMismatch,
         IdentityMismatch, CombinedRateMismatch, CountListMismatch,
         TextTableMismatch, ShareMismatch]

__all__ = ["RULES", "ChangeRateMismatch", "CombinedRateMismatch", "CountListMismatch", "TextTableMismatch", "IdentityMismatch", "DefinedFigureMismatch", "FormulaNotComputable", "FormulaResultMismatch", "PartsDoNotAddUp",
           "RepeatedFigureConflict", "ShareMismatch", "TableTotalMismatch"]
