from .annual_report import AnnualReportPage, AnnualReportPageMixin
from .basic_information import (
    AuthorityDutiesPage,
    AuthorityDutiesPageMixin,
    BasicInformationPage,
    BasicInformationPageMixin,
    ContactPage,
    ContactPageMixin,
    DevelopmentPlanPage,
    DevelopmentPlanPageMixin,
    ExecutivesPage,
    ExecutivesPageMixin,
    OrganisationStructurePage,
    OrganisationStructurePageMixin,
    RelatedLawsPage,
    RelatedLawsPageMixin,
)
from .index import Disclosure, ItaIndexPage, ItaIndexPageMixin, collect_disclosures
from .integrity import IntegrityDeclarationPage, IntegrityDeclarationPageMixin
from .manuals import (
    OperatingManualsPage,
    OperatingManualsPageMixin,
    ServiceManualsPage,
    ServiceManualsPageMixin,
)
from .mixins import DisclosurePageMixin, ItaPageMixin
from .news import NewsIndexPage, NewsIndexPageMixin, NewsPage, NewsPageMixin
from .plans import (
    AnnualPlanPage,
    AnnualPlanPageMixin,
    AnnualPlanProject,
    PlanProgressEntry,
    PlanProgressPage,
    PlanProgressPageMixin,
)
from .units import ResponsibleUnit

__all__ = [
    "AnnualPlanPage",
    "AnnualPlanPageMixin",
    "AnnualPlanProject",
    "AnnualReportPage",
    "AnnualReportPageMixin",
    "AuthorityDutiesPage",
    "AuthorityDutiesPageMixin",
    "BasicInformationPage",
    "BasicInformationPageMixin",
    "ContactPage",
    "ContactPageMixin",
    "DevelopmentPlanPage",
    "DevelopmentPlanPageMixin",
    "Disclosure",
    "DisclosurePageMixin",
    "ExecutivesPage",
    "ExecutivesPageMixin",
    "IntegrityDeclarationPage",
    "IntegrityDeclarationPageMixin",
    "ItaIndexPage",
    "ItaIndexPageMixin",
    "ItaPageMixin",
    "NewsIndexPage",
    "NewsIndexPageMixin",
    "NewsPage",
    "NewsPageMixin",
    "OperatingManualsPage",
    "OperatingManualsPageMixin",
    "OrganisationStructurePage",
    "OrganisationStructurePageMixin",
    "PlanProgressEntry",
    "PlanProgressPage",
    "PlanProgressPageMixin",
    "RelatedLawsPage",
    "RelatedLawsPageMixin",
    "ResponsibleUnit",
    "ServiceManualsPage",
    "ServiceManualsPageMixin",
    "collect_disclosures",
]
