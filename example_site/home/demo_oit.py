"""The demo municipality answers the NACC's OIT list (ITA 2569, with 2568 before it).

``load_oit_demo(site, stdout)`` is called by ``manage.py ita_load_demo`` after
the content, procurement and channel parts and before the compliance part
(which scores the result and takes the quarterly reports). It:

* records the site's list per fiscal year: 2568 → ``oit-2568``, 2569 →
  ``oit-2569`` and the current fiscal year → the newest shipped set not
  after it (an editor's own choice for a year is kept);
* builds the section for the current year's list with ``ita_setup``'s code,
  so every item has its page and none is duplicated, then fills and
  publishes the drafts: a generic documents page for each item no
  structured page serves, the corruption-complaint procedure, the complaint
  statistics of the two previous fiscal years, and the signed PDF copies of
  the monthly and annual procurement summaries;
* adds two older corruption complaints, so last year's statistics have
  figures (the year before states that there were none).

Only pages that have never been published are filled, so it is idempotent
and leaves an editor's work alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html import escape

from django.db import transaction

from example_site.home import demo_facts as facts
from example_site.home.demo_anticorruption import load_anticorruption_demo
from example_site.home.demo_eservice import fill_e_service
from example_site.home.demo_hr import load_hr_demo
from example_site.home.demo_nogift import load_no_gift_demo
from example_site.home.demo_participation import load_participation_demo
from example_site.home.demo_qa import load_qa_demo
from example_site.home.demo_risk import fill_risk_pages
from ita_wagtail import thai
from ita_wagtail.criteria import available_criteria_sets, criteria_set_for_fiscal_year
from ita_wagtail.models import (
    ComplianceSettings,
    CriteriaSetChoice,
    ResponsibleUnit,
)
from ita_wagtail.models.channels import (
    Case,
    CaseCategory,
    CaseChannel,
    CaseStatus,
    CorruptionComplaintPage,
)
from ita_wagtail.models.channels.corruption import (
    ComplaintProcedurePage,
    ComplaintStatisticsPage,
    statistics_slug,
)
from ita_wagtail.models.compliance_settings import site_criteria_set
from ita_wagtail.models.disclosure_documents import (
    DisclosureDocument,
    DisclosureDocumentsPage,
    initial_fiscal_year,
    kind_slug,
    kind_title,
)
from ita_wagtail.models.procurement_pages import (
    ProcurementSummaryCopy,
    ProcurementSummaryPage,
)
from ita_wagtail.setup import setup_ita_section

#: The lists the demo records for past fiscal years (B.E.).
PAST_CHOICES = {2568: "oit-2568", 2569: "oit-2569"}

#: A page the demo fills was last updated at most this many days ago.
LATEST_UPDATE_DAYS = 60

#: Subjects of the older corruption complaints the demo adds (found again by
#: subject, so a second run adds nothing).
OLDER_CASES = [
    (
        "ขอให้ตรวจสอบการจัดซื้อวัสดุก่อสร้างโครงการซ่อมแซมถนน หมู่ 4",
        "ผู้ร้องเห็นว่าราคาวัสดุที่จัดซื้อสูงกว่าราคาท้องตลาด ขอให้ตรวจสอบ",
        "engineering",
        2,
    ),
    (
        "ร้องเรียนเจ้าหน้าที่เรียกรับเงินเพื่อเร่งออกใบอนุญาตประกอบกิจการ",
        "ผู้ร้องแจ้งว่ามีผู้อ้างเป็นเจ้าหน้าที่เรียกเงินเพื่อให้ได้ใบอนุญาตเร็วขึ้น",
        "public_health",
        6,
    ),
]


def _p(*texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _person(key):
    return facts.person(key)


# -- Generic pages --------------------------------------------------------------
#
# Every kind of the shipped lists has a page type of its own, filled by the
# demo_* modules. A list installed later (ITA_CRITERIA_DIRS) may add a kind no
# page type serves: ita_setup gives it a generic page, which the demo fills
# with these words: (responsible unit, paragraphs of the statement,
# [(document title, lines of the document)], who signs). ``{fy}`` is the
# fiscal year the page is about; ``{n}`` the municipality's name.
FALLBACK = (
    "clerk_office",
    ["{n} เผยแพร่ข้อมูลตามรายการนี้ในเอกสารด้านล่าง"],
    [],
    "clerk",
)


# -- The list of each fiscal year -------------------------------------------


def current_choice(fy):
    """The newest shipped set whose year is not after ``fy``."""
    return criteria_set_for_fiscal_year(fy).key


def record_choices(site, fy):
    """2568 → oit-2568, 2569 → oit-2569, ``fy`` → the newest set not after it.

    A year the site already chose for keeps its choice (an editor's, or the
    2562 measure an evaluator switched to)."""
    settings = ComplianceSettings.for_site(site)
    wanted = dict(PAST_CHOICES)
    wanted.setdefault(fy, current_choice(fy))
    available = available_criteria_sets()
    for year, key in sorted(wanted.items()):
        if key in available:
            CriteriaSetChoice.objects.get_or_create(
                settings=settings, fiscal_year=year, defaults={"criteria_set": key}
            )
    return settings


# -- Pages ---------------------------------------------------------------------


def _never_published(page):
    return not page.live and page.first_published_at is None


class OitDemo:
    def __init__(self, site, stdout, today=None):
        from example_site.home.demo import DemoLoader, DemoMedia

        self.site, self.stdout = site, stdout
        self.today = today or thai.today()
        self.fy = thai.fiscal_year(self.today)
        self.loader = DemoLoader()
        from django.contrib.auth import get_user_model

        self.admin = (
            get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        )
        self.loader.media = DemoMedia(self.admin)
        self.units = ResponsibleUnit.objects.by_code()
        self.published = []

    def words(self, text, fy):
        return text.format(
            n=facts.NAME,
            fy=fy,
            line=facts.LINE_ID,
            email=facts.MUNICIPALITY["email"],
        )

    def pdf(self, title, filename, lines, signer=None, when=None):
        person = _person(signer) if signer else None

        def fill(sheet):
            for line in lines:
                sheet.paragraph(line)
            if person:
                sheet.signature(person["name"], person["position"], when)

        return self.loader.pdf(title, filename, fill)

    def publish(self, page, unit=None, signed=None):
        """Publish as the admin, dated a few days after the document was
        signed, but inside the 90 days an item may go without an update."""
        if unit and unit in self.units and hasattr(page, "responsible_unit_id"):
            page.responsible_unit = self.units[unit]
        page.owner = page.owner or self.admin
        page.save_revision(user=self.admin, clean=False).publish(user=self.admin)
        self.published.append(page)
        now = datetime.now(thai.BANGKOK)
        day = max(
            (signed or self.today) + timedelta(days=3),
            self.today - timedelta(days=LATEST_UPDATE_DAYS),
        )
        last = min(
            datetime.combine(day, time(10, 30), tzinfo=thai.BANGKOK),
            now - timedelta(hours=1),
        )
        self.loader.published.append((page.pk, last - timedelta(days=2), last))

    # -- generic pages --

    def fill_generic(self, page, criteria_set):
        unit, paragraphs, documents, signer = FALLBACK
        fy = page.fiscal_year or initial_fiscal_year(
            criteria_set, page.kind, self.today
        )
        page.fiscal_year = fy
        year = fy or self.fy
        page.statement = _p(*(self.words(text, year) for text in paragraphs))
        if not page.title:
            page.title = kind_title(criteria_set, page.kind)
        signed = self.signing_day(year)
        if not documents:
            documents = [(page.title, [page.title])]
        page.documents.clear()
        for n, (title, lines) in enumerate(documents):
            title = self.words(title, year)
            document = self.pdf(
                title,
                f"demo-oit-{kind_slug(page.kind)}-{year}-{n + 1}.pdf",
                [self.words(line, year) for line in lines],
                signer,
                signed,
            )
            page.documents.add(DisclosureDocument(document=document, title=title))
        self.publish(page, unit, signed)

    def signing_day(self, fy):
        """A plan is signed early in its year, a report early in the next."""
        start, end = thai.fiscal_year_bounds(fy)
        day = start + timedelta(days=20) if fy >= self.fy else end + timedelta(days=25)
        return min(day, self.today - timedelta(days=1))

    # -- complaint procedure and statistics --

    def fill_procedure(self, page):
        head = _person("head_clerk_office")
        page.intro = _p(
            f"{facts.NAME} รับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ "
            "ทุกช่องทาง ผู้ร้องไม่ต้องเปิดเผยชื่อ และเทศบาลเก็บข้อมูลผู้ร้องเป็นความลับ"
        )
        page.contact = (
            f"{head['position']} ({head['name']})\n{facts.ADDRESS}\n"
            f"โทร {facts.COMPLAINT_PHONE} อีเมล {facts.UNIT_CONTACTS['legal']['email']}"
        )
        document = self.pdf(
            "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
            "demo-oit-complaint-procedure.pdf",
            [
                "1. รับเรื่องและลงทะเบียนภายใน 1 วันทำการ",
                "2. แจ้งผู้ร้องว่าได้รับเรื่องแล้วภายใน 3 วันทำการ",
                "3. นิติกรตรวจสอบข้อเท็จจริงภายใน 15 วันทำการ",
                "4. เสนอนายกเทศมนตรีพิจารณาสั่งการ",
                "5. แจ้งผลให้ผู้ร้องทราบภายใน 30 วัน",
            ],
            "mayor",
            self.signing_day(self.fy),
        )
        page.documents.clear()
        page.documents.add(
            type(page).documents.rel.related_model(
                document=document, title=document.title
            )
        )
        self.publish(page, "legal", self.signing_day(self.fy))

    def older_cases(self, channel):
        """Two corruption complaints in the previous fiscal year, both closed."""
        start, end = thai.fiscal_year_bounds(self.fy - 1)
        latest = self.today - timedelta(days=100)  # before the demo's quarter
        added = 0
        for subject, details, unit, month_offset in OLDER_CASES:
            if Case.objects.filter(site=self.site, subject=subject).exists():
                continue
            day = min(start + timedelta(days=30 * month_offset + 9), latest, end)
            if day < start:
                continue
            received = datetime.combine(day, time(10, 15), tzinfo=thai.BANGKOK)
            answered = received + timedelta(days=21)
            Case.objects.create(
                site=self.site,
                page=channel,
                category=CaseCategory.CORRUPTION,
                channel=CaseChannel.WEBSITE,
                subject=subject,
                details=details,
                unit=self.units.get(unit),
                status=CaseStatus.CLOSED,
                public_reply="ตรวจสอบข้อเท็จจริงแล้ว แจ้งผลการดำเนินการให้ผู้ร้องทราบเป็นหนังสือ",
                replied_at=answered,
                answered_at=answered,
                closed_at=answered + timedelta(days=7),
                received_at=received,
            )
            added += 1
        return added

    def fill_statistics(self, channel):
        for year in (self.fy - 1, self.fy - 2):
            page = (
                ComplaintStatisticsPage.objects.child_of(channel)
                .filter(fiscal_year=year)
                .first()
            )
            if page is None:
                page = ComplaintStatisticsPage(
                    title=ComplaintStatisticsPage.ita_default_title().replace(
                        str(self.fy - 1), str(year)
                    ),
                    slug=statistics_slug(year),
                    fiscal_year=year,
                    live=False,
                    owner=self.admin,
                )
                channel.add_child(instance=page)
                page = ComplaintStatisticsPage.objects.get(pk=page.pk)
            if not _never_published(page):
                continue
            head = _person("head_clerk_office")
            page.statement = _p(
                f"ตัวเลขนับจากเรื่องร้องเรียนที่{facts.NAME}ได้รับในปีงบประมาณ "
                f"พ.ศ. {year} รับรองโดย{head['position']}"
            )
            lines = [
                f"สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. {year}",
                f"จำนวนเรื่องที่ได้รับ: {page.case_count()} เรื่อง"
                if page.case_count()
                else page.none_text(),
            ]
            document = self.pdf(
                f"สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. {year} (ฉบับลงนาม)",
                f"demo-oit-complaint-statistics-{year}.pdf",
                lines,
                "head_clerk_office",
                self.signing_day(year),
            )
            page.documents.clear()
            page.documents.add(
                type(page).documents.rel.related_model(
                    document=document, title=document.title
                )
            )
            self.publish(page, "clerk_office", self.signing_day(year))

    # -- procurement summaries --

    def fill_summary_copies(self, summary):
        """Signed สขร.1 of each ended month of this year, last year's annual one."""
        wanted = [(self.fy - 1, None)]
        start, _end = thai.fiscal_year_bounds(self.fy)
        month = date(start.year, start.month, 1)
        while True:
            following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            if following > self.today:
                break
            wanted.append((self.fy, month.month))
            month = following
        existing = {(c.fiscal_year, c.month) for c in summary.signed_copies.all()}
        added = 0
        for year, number in wanted:
            if (year, number) in existing:
                continue
            if number is None:
                title = f"สรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. {year} (ฉบับลงนาม)"
                filename = f"demo-oit-procurement-summary-{year}.pdf"
                when = self.signing_day(year)
            else:
                month_name = thai.THAI_MONTHS[number - 1]
                calendar_year = start.year if number >= 10 else start.year + 1
                title = (
                    f"แบบ สขร.1 เดือน{month_name} พ.ศ. {thai.to_be_year(calendar_year)} "
                    "(ฉบับลงนาม)"
                )
                filename = f"demo-oit-sor-kor-ror-1-{year}-{number:02d}.pdf"
                when = min(
                    date(calendar_year + number // 12, number % 12 + 1, 10),
                    self.today - timedelta(days=1),
                )
            document = self.pdf(
                title,
                filename,
                [
                    "สรุปผลการดำเนินการจัดซื้อจัดจ้าง ตามแบบ สขร.1",
                    "รายละเอียดตามไฟล์ Excel ที่เผยแพร่บนหน้าเดียวกัน",
                ],
                "head_finance",
                when,
            )
            summary.signed_copies.add(
                ProcurementSummaryCopy(
                    fiscal_year=year, month=number, title=title, document=document
                )
            )
            added += 1
        if added:
            was_live = summary.live
            summary.save_revision(user=self.admin, clean=False)
            if was_live:
                summary.get_latest_revision().publish(user=self.admin)
        return added

    # -- all --

    def run(self):
        criteria_set = site_criteria_set(self.site, self.fy)
        report = setup_ita_section(self.site, criteria_set=criteria_set)
        # The set's units (policy and planning…) exist once the section is set up.
        self.units = ResponsibleUnit.objects.by_code()
        self.steps = report.steps
        root = self.site.root_page
        for page in DisclosureDocumentsPage.objects.descendant_of(root):
            if _never_published(page) and page.kind in criteria_set.kinds():
                self.fill_generic(page, criteria_set)
        fill_e_service(self)
        channel = CorruptionComplaintPage.objects.descendant_of(root).first()
        if channel is not None:
            self.older_cases(channel)
            for page in ComplaintProcedurePage.objects.child_of(channel):
                if _never_published(page):
                    self.fill_procedure(page)
            self.fill_statistics(channel)
        copies = 0
        for summary in ProcurementSummaryPage.objects.descendant_of(root):
            copies += self.fill_summary_copies(summary)
        return copies


def load_oit_demo(site, stdout, today=None):
    """See the module docstring. ``stdout`` is the command's output stream."""
    fy = thai.fiscal_year(today or thai.today())
    with transaction.atomic():
        record_choices(site, fy)
        demo = OitDemo(site, stdout, today)
        copies = demo.run()
        load_participation_demo(demo)
        load_qa_demo(demo)
        load_no_gift_demo(demo)
        load_hr_demo(demo)
        load_anticorruption_demo(demo)
        fill_risk_pages(demo)
        demo.loader.apply_dates()
    stdout.write(
        f"  OIT demo: {len(demo.published)} pages published for "
        f"the list of fiscal year {fy}, {copies} signed summary copies added"
    )
    return demo.published
