"""The DAT rules, one per module: each with its documentation, its check and its messages."""

from __future__ import annotations

from reportlint.pluginapi.rules import Rule

from .DAT001 import ImpossibleDate
from .DAT002 import FilingDateOutOfPlace, FilingOptions
from .DAT003 import EvaluatedYearMismatch
from .DAT004 import ReversedRange
from .DAT005 import ScheduleGoesBack
from .DAT006 import ResultDatedWrongYear
from .DAT007 import SelfEvaluationWorkDatedWrong
from .DAT008 import MalformedDocumentNumber
from .DAT009 import EventAfterFilingDate
from .DAT010 import SurveyBeforeYearEnd
from .DAT011 import DeadlineYearMismatch
from .DAT012 import DocumentNumberBrackets
from .DAT013 import ReceivedBeforeIssued
from .DAT014 import RepeatedSentenceYearDiffers
from .DAT015 import YearRunIntoMonth

RULES: list[type[Rule]] = [
    ImpossibleDate, FilingDateOutOfPlace, EvaluatedYearMismatch, ReversedRange, ScheduleGoesBack,
    ResultDatedWrongYear, SelfEvaluationWorkDatedWrong, MalformedDocumentNumber, EventAfterFilingDate,
    SurveyBeforeYearEnd, DeadlineYearMismatch, DocumentNumberBrackets, ReceivedBeforeIssued,
    RepeatedSentenceYearDiffers, YearRunIntoMonth,
]

__all__ = ["RULES", "DeadlineYearMismatch", "DocumentNumberBrackets", "EventAfterFilingDate", "SurveyBeforeYearEnd",
           "EvaluatedYearMismatch", "FilingDateOutOfPlace", "FilingOptions", "ImpossibleDate",
           "MalformedDocumentNumber", "ReceivedBeforeIssued", "RepeatedSentenceYearDiffers", "ResultDatedWrongYear", "ReversedRange", "ScheduleGoesBack",
           "SelfEvaluationWorkDatedWrong", "YearRunIntoMonth"]
