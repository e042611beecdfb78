"""Feedback and complaint channels (items 5.10 and 5.11).

Public API for other layers (the compliance dashboard among them):
``overdue_cases(site, today)``, ``case_statistics(site, fiscal_year,
quarter=None)``, ``yearly_case_statistics`` and ``feedback_summary``, each a
fixed number of queries.
"""

from . import checks  # noqa: F401  (registers the system checks)
from .cases import (
    CORRUPTION_PERMISSION,
    OPEN_STATUSES,
    PERSONAL_DATA_PERMISSION,
    Case,
    CaseAttachment,
    CaseCategory,
    CaseChannel,
    CaseNote,
    CaseStatus,
    PersonalDataAccess,
    can_view_corruption_cases,
    can_view_personal_data,
    new_tracking_code,
    normalise_phone,
    normalise_tracking_code,
)
from .corruption import (
    ComplaintProcedureDocument,
    ComplaintProcedurePage,
    ComplaintProcedurePageMixin,
    ComplaintStatisticsDocument,
    ComplaintStatisticsPage,
    ComplaintStatisticsPageMixin,
)
from .feedback import Feedback, Rating
from .pages import (
    CaseChannelPageMixin,
    ChannelPageMixin,
    ComplaintPage,
    ComplaintPageMixin,
    CorruptionComplaintPage,
    CorruptionComplaintPageMixin,
    FeedbackPage,
    FeedbackPageMixin,
)
from .questions import (
    Question,
    QuestionBoardPage,
    QuestionBoardPageMixin,
    QuestionStatus,
    hide_personal_data,
)
from .retention import expired_cases, purge_expired
from .settings import ChannelSettings, channel_settings
from .statistics import (
    CaseStatistics,
    case_counts_by_year,
    case_fiscal_years,
    case_statistics,
    feedback_summary,
    overdue_cases,
    yearly_case_statistics,
)

__all__ = [
    "CORRUPTION_PERMISSION",
    "OPEN_STATUSES",
    "PERSONAL_DATA_PERMISSION",
    "Case",
    "CaseAttachment",
    "CaseCategory",
    "CaseChannel",
    "CaseChannelPageMixin",
    "CaseNote",
    "CaseStatistics",
    "CaseStatus",
    "ChannelPageMixin",
    "ChannelSettings",
    "ComplaintPage",
    "ComplaintPageMixin",
    "ComplaintProcedureDocument",
    "ComplaintProcedurePage",
    "ComplaintProcedurePageMixin",
    "ComplaintStatisticsDocument",
    "ComplaintStatisticsPage",
    "ComplaintStatisticsPageMixin",
    "CorruptionComplaintPage",
    "CorruptionComplaintPageMixin",
    "Feedback",
    "FeedbackPage",
    "FeedbackPageMixin",
    "PersonalDataAccess",
    "Question",
    "QuestionBoardPage",
    "QuestionBoardPageMixin",
    "QuestionStatus",
    "Rating",
    "can_view_corruption_cases",
    "can_view_personal_data",
    "case_counts_by_year",
    "case_fiscal_years",
    "case_statistics",
    "channel_settings",
    "expired_cases",
    "feedback_summary",
    "hide_personal_data",
    "new_tracking_code",
    "normalise_phone",
    "normalise_tracking_code",
    "overdue_cases",
    "purge_expired",
    "yearly_case_statistics",
]
