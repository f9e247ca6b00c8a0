"""The SEC rules, one per module: each with its documentation, its check and its messages."""

from __future__ import annotations

from reportlint.pluginapi.rules import Rule

from .SEC001 import MissingRequiredSection
from .SEC002 import MissingHeaderField
from .SEC003 import SectionOutOfOrder
from .SEC004 import MissingMarker
from .SEC005 import NumberingSkip
from .SEC006 import NumberingRepeat
from .SEC007 import NumberingGoesBack
from .SEC008 import BorrowedMarkers
from .SEC009 import EmptySection
from .SEC010 import TemplateLeftover
from .SEC011 import MixedMarkerStyle
from .SEC012 import HeadingInParagraph
from .SEC013 import MissingAttachment
from .SEC014 import InlineListNumbering
from .SEC015 import LabelledItemNumbering
from .SEC016 import EmptyIndicatorRow
from .SEC017 import ForeignUnitName
from .SEC018 import DoubledMarker
from .SEC019 import HalfBracketedMarker

RULES: list[type[Rule]] = [
    MissingRequiredSection, MissingHeaderField, SectionOutOfOrder, MissingMarker, NumberingSkip,
    NumberingRepeat, NumberingGoesBack, BorrowedMarkers, EmptySection, TemplateLeftover,
    MixedMarkerStyle, HeadingInParagraph, MissingAttachment, InlineListNumbering, LabelledItemNumbering,
    EmptyIndicatorRow, ForeignUnitName, DoubledMarker, HalfBracketedMarker,
]
