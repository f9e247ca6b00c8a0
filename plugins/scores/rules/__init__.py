"""The SCO rules, one per module (the module is named by the rule's code)."""

from __future__ import annotations

from .SCO001 import ScoreExceedsWeight
from .SCO002 import GroupWeightMismatch
from .SCO003 import WeightsTotalMismatch
from .SCO004 import TableTotalMismatch
from .SCO005 import TextTotalMismatch
from .SCO006 import GradeMismatch
from .SCO007 import ExecutionRateMismatch
from .SCO008 import ExecutionRateScore
from .SCO009 import ShortfallWithFullMarks
from .SCO010 import ShortfallSaidMet
from .SCO011 import HeadingScoresMismatch

RULES = [ScoreExceedsWeight, GroupWeightMismatch, WeightsTotalMismatch, TableTotalMismatch,
         TextTotalMismatch, GradeMismatch, ExecutionRateMismatch, ExecutionRateScore,
         ShortfallWithFullMarks, ShortfallSaidMet, HeadingScoresMismatch]

__all__ = ["RULES", *(rule.__name__ for rule in RULES)]
