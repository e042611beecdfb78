"""The demo municipality เทศบาลตำบลตัวอย่าง (``manage.py ita_load_demo``).

Builds a complete, published ITA section under the demo home page, with
the Thai content of ``demo_data/municipality.toml`` and images and PDFs
drawn with Pillow at run time (nothing large is committed). Dates are
computed from today, so the demo is always "current": the plan is the
current fiscal year's, the progress report covers the last quarter that
has ended, the annual report the previous fiscal year.

The whole build runs in one transaction, so a live ITA index under the demo
home page means the demo is complete; a second run then only makes sure the
admin login works. ``reset=True`` deletes the demo pages and media and
builds them again (for example after the fiscal year has turned).
"""

from __future__ import annotations

import calendar
import io
import os
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from html import escape
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, PageLogEntry, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from example_site.home import demo_facts as facts
from example_site.home.models import HomePage
from ita_wagtail.blocks import SERVICE_CHANNEL_CHOICES
from ita_wagtail.models import (
    AnnualPlanPage,
    AnnualPlanProject,
    AnnualReportPage,
    AuthorityDutiesPage,
    BasicInformationPage,
    ContactPage,
    DevelopmentPlanPage,
    ExecutivesPage,
    IntegrityDeclarationPage,
    ItaIndexPage,
    NewsIndexPage,
    NewsPage,
    OperatingManualsPage,
    OrganisationStructurePage,
    PlanProgressEntry,
    PlanProgressPage,
    RelatedLawsPage,
    ResponsibleUnit,
    ServiceManualsPage,
)
from ita_wagtail.models.base import Page
from ita_wagtail.models.plans import BudgetSource, ProgressStatus
from ita_wagtail.setup import setup_ita_section
from ita_wagtail.thai import (
    BANGKOK,
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    fiscal_year,
    fiscal_year_bounds,
    format_baht,
    format_thai_date,
    last_ended_quarter,
    quarter_bounds,
    to_be_year,
    today,
)

DATA_FILE = Path(__file__).with_name("demo_data") / "municipality.toml"

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-ita-demo"
SITE_HOSTNAME = "127.0.0.1"
SITE_PORT = 8000
COLLECTION_NAME = "ข้อมูลสาธิต เทศบาลตำบลตัวอย่าง"

# Local development plans run in five-year cycles; 2566-2570 is the cycle
# in force when this demo was written, later cycles follow on from it.
PLAN_CYCLE_START = 2566
PLAN_CYCLE_YEARS = 5

# Days before today each page was last updated: varied, so the ITA index
# shows a realistic spread, and all inside the 90 days of section 6.5.
LAST_UPDATED_DAYS_AGO = {
    "home": 1,
    "ita_index": 2,
    "basic_information": 9,
    "organisation": 24,
    "executives": 15,
    "authority": 61,
    "development_plan": 47,
    "contact": 6,
    "laws": 33,
    "news_index": 4,
    "integrity": 28,
    "annual_plan": 19,
    "annual_report": 26,
    "operating_manuals": 52,
    "service_manuals": 38,
}

CENT = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# ==========================================================================
# Content
# ==========================================================================


class _Placeholders(dict):
    def __missing__(self, key):
        raise KeyError(f"Unknown placeholder {{{key}}} in {DATA_FILE.name}")


def _fill(value, placeholders):
    if isinstance(value, str):
        return value.format_map(placeholders)
    if isinstance(value, list):
        return [_fill(item, placeholders) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, placeholders) for key, item in value.items()}
    return value


def plan_cycle(fy: int) -> tuple[int, int]:
    start = PLAN_CYCLE_START + (fy - PLAN_CYCLE_START) // PLAN_CYCLE_YEARS * (
        PLAN_CYCLE_YEARS
    )
    return start, start + PLAN_CYCLE_YEARS - 1


def load_content(fy: int, on: date) -> dict:
    with DATA_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    plan_start, plan_end = plan_cycle(fy)
    placeholders = _Placeholders(
        fy=fy,
        fy_prev=fy - 1,
        be_year=to_be_year(on.year),
        plan_start=plan_start,
        plan_end=plan_end,
        **facts.placeholders(),
    )
    content = _fill(raw, placeholders)
    # The municipality's facts are defined once, in demo_facts.
    content["municipality"] = dict(facts.MUNICIPALITY)
    content["people"] = [dict(person) for person in facts.PEOPLE]
    content["unit_contacts"] = {
        code: dict(contact) for code, contact in facts.UNIT_CONTACTS.items()
    }
    return content


# ==========================================================================
# Plan projects and their progress
# ==========================================================================


@dataclass(frozen=True)
class ProjectSpec:
    name: str
    strategy_key: str
    budget: Decimal
    source: str
    start_month: int
    end_month: int
    unit_code: str
    pattern: str = "even"
    saving: Decimal = Decimal("0.02")
    overrun: bool = False
    postponed: str = ""


@dataclass(frozen=True)
class Progress:
    percent: int
    disbursed: Decimal
    status: str
    note: str = ""


def project_specs(content: dict, fy: int, current_fy: int) -> list[ProjectSpec]:
    """The plan's projects for ``fy``; earlier years differ a little."""
    previous = fy < current_fy
    specs = []
    for row in content["projects"]:
        budget = Decimal(row["budget"])
        if previous:
            # Last year's plan was a little smaller, in round thousands.
            budget = (budget * Decimal("0.96") / 1000).quantize(Decimal("1")) * 1000
        specs.append(
            ProjectSpec(
                name=row.get("name_previous", row["name"]) if previous else row["name"],
                strategy_key=row["strategy"],
                budget=money(budget),
                source=BudgetSource(row["source"]).value,
                start_month=row["start"],
                end_month=row["end"],
                unit_code=row["unit"],
                pattern=row.get("pattern", "even"),
                saving=Decimal(row.get("saving", "0.02")),
                overrun=row.get("overrun", False),
                postponed=row.get("postponed", ""),
            )
        )
    return specs


def month_start(fy: int, month: int) -> date:
    fy_start = fiscal_year_bounds(fy)[0]
    year = fy_start.year if month >= fy_start.month else fy_start.year + 1
    return date(year, month, 1)


def month_end(fy: int, month: int) -> date:
    start = month_start(fy, month)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def project_progress(spec: ProjectSpec, fy: int, on: date) -> Progress:
    """Where a project of the ``fy`` plan stands at the end of day ``on``."""
    start = month_start(fy, spec.start_month)
    end = month_end(fy, spec.end_month)
    if on < start:
        return Progress(
            0,
            money(0),
            ProgressStatus.NOT_STARTED,
            f"มีกำหนดเริ่มดำเนินการเดือน{THAI_MONTHS[start.month - 1]} "
            f"{to_be_year(start.year)}",
        )
    if spec.postponed:
        return Progress(0, money(0), ProgressStatus.POSTPONED, spec.postponed)
    to_spend = spec.budget * (1 - spec.saving)
    if on >= end:
        if spec.overrun:
            return Progress(
                85,
                money(to_spend * Decimal("0.6")),
                ProgressStatus.IN_PROGRESS,
                "ผู้รับจ้างขอขยายระยะเวลาก่อสร้างเนื่องจากฝนตกต่อเนื่อง เบิกจ่ายตามงวดงานที่ส่งมอบแล้ว",
            )
        notes = {
            "monthly": f"จ่ายครบ {_months_between(start, end)} เดือน",
            "construction": "ตรวจรับงานแล้ว มีเงินเหลือจ่ายจากการจัดซื้อจัดจ้าง",
        }
        note = notes.get(spec.pattern, "ดำเนินการแล้วเสร็จ")
        return Progress(100, money(to_spend), ProgressStatus.COMPLETED, note)
    fraction = Decimal((on - start).days + 1) / Decimal((end - start).days + 1)
    if spec.pattern == "monthly":
        months_total = _months_between(start, end)
        months_paid = sum(
            1
            for m in range(months_total)
            if _add_months(start, m + 1) - timedelta(days=1) <= on
        )
        paid = to_spend * months_paid / months_total
        return Progress(
            round(fraction * 100),
            money(paid),
            ProgressStatus.IN_PROGRESS,
            f"จ่ายแล้ว {months_paid} เดือน จาก {months_total} เดือน",
        )
    percent = min(95, max(5, int(fraction * 20 + Decimal("0.5")) * 5))
    lag = Decimal("0.5") if spec.pattern == "construction" else Decimal("0.8")
    return Progress(
        percent,
        money(to_spend * fraction * lag),
        ProgressStatus.IN_PROGRESS,
        "อยู่ระหว่างดำเนินการตามสัญญา"
        if spec.pattern == "construction"
        else "อยู่ระหว่างดำเนินการ",
    )


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _add_months(d: date, months: int) -> date:
    index = d.month - 1 + months
    return date(d.year + index // 12, index % 12 + 1, 1)


@dataclass
class ProgressSummary:
    budget: Decimal = Decimal("0")
    disbursed: Decimal = Decimal("0")
    statuses: Counter = field(default_factory=Counter)

    def add(self, spec: ProjectSpec, progress: Progress):
        self.budget += spec.budget
        self.disbursed += progress.disbursed
        self.statuses[progress.status] += 1

    @property
    def percent(self) -> Decimal:
        if not self.budget:
            return Decimal("0")
        return (self.disbursed * 100 / self.budget).quantize(CENT)

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    def describe(self) -> str:
        parts = [
            f"{label} {self.statuses[status]} โครงการ"
            for status, label in (
                (ProgressStatus.COMPLETED, "แล้วเสร็จ"),
                (ProgressStatus.IN_PROGRESS, "อยู่ระหว่างดำเนินการ"),
                (ProgressStatus.NOT_STARTED, "ยังไม่ถึงกำหนดเริ่ม"),
                (ProgressStatus.POSTPONED, "เลื่อนการดำเนินงาน"),
                (ProgressStatus.CANCELLED, "ยกเลิก"),
            )
            if self.statuses[status]
        ]
        return (
            f"ทั้งหมด {self.count} โครงการ: {' '.join(parts)} "
            f"เบิกจ่ายแล้ว {format_baht(self.disbursed)} "
            f"จากงบประมาณตามแผน {format_baht(self.budget)} "
            f"(ร้อยละ {self.percent})"
        )


# ==========================================================================
# Drawing: fonts, images and PDF documents
# ==========================================================================

_FONT_DIRS = [
    Path("/usr/share/fonts/truetype/tlwg"),
    Path("/usr/share/fonts/opentype/tlwg"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts/Supplemental"),
]
_FONT_NAMES = {
    False: ["Loma.ttf", "Garuda.ttf", "Waree.ttf", "NotoSansThai-Regular.ttf"],
    True: [
        "Loma-Bold.ttf",
        "Garuda-Bold.ttf",
        "Waree-Bold.ttf",
        "NotoSansThai-Bold.ttf",
    ],
}


#: Sarabun (SIL Open Font License 1.1, see fonts/OFL.txt), carried with the
#: demo so that its images and PDFs have Thai text on any machine, with no
#: system font package to install.
BUNDLED_FONTS = {
    False: DATA_FILE.with_name("fonts") / "Sarabun-Regular.ttf",
    True: DATA_FILE.with_name("fonts") / "Sarabun-Bold.ttf",
}


@cache
def font_path(bold: bool = False) -> str | None:
    """A font with Thai glyphs, or None: ITA_DEMO_FONT, else the demo's own
    Sarabun, else a system Thai font."""
    override = os.environ.get("ITA_DEMO_FONT")
    if override and Path(override).is_file():
        return override
    if BUNDLED_FONTS[bold].is_file():
        return str(BUNDLED_FONTS[bold])
    for name in _FONT_NAMES[bold] + _FONT_NAMES[False]:
        for folder in _FONT_DIRS:
            if (folder / name).is_file():
                return str(folder / name)
    return None


@cache
def font(size: int, bold: bool = False):
    path = font_path(bold)
    if path:
        return ImageFont.truetype(path, size)
    # Without a Thai font the text shows as boxes, but the demo still loads.
    return ImageFont.load_default(size)


_THAI_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}


def _clusters(text: str) -> list[str]:
    # Thai combining vowels and tone marks must stay with their consonant.
    clusters: list[str] = []
    for char in text:
        if clusters and char in _THAI_MARKS:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


_LEADING_VOWELS = frozenset("เแโใไ")
_SYLLABLE_FINALS = frozenset("ะำ")


def _pieces(word: str) -> list[str]:
    """A space-less Thai phrase cut where a line may end without a dictionary:
    before a leading vowel and after ะ or ำ, which start and end a syllable."""
    pieces, current = [], ""
    for cluster in _clusters(word):
        if current and (
            cluster[0] in _LEADING_VOWELS or current[-1] in _SYLLABLE_FINALS
        ):
            pieces.append(current)
            current = ""
        current += cluster
    return [*pieces, current] if current else pieces


def wrap(text: str, fnt, width: float) -> list[str]:
    """Lines of at most ``width`` pixels, broken at spaces where possible."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            for i, piece in enumerate(_pieces(word) or [""]):
                glue = " " if i == 0 and line else ""
                if fnt.getlength(line + glue + piece) <= width:
                    line += glue + piece
                    continue
                if line:
                    lines.append(line)
                line = ""
                for cluster in _clusters(piece):
                    if line and fnt.getlength(line + cluster) > width:
                        lines.append(line)
                        line = ""
                    line += cluster
        lines.append(line)
    return lines


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t: float):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def draw_avatar(name: str, colour: str) -> bytes:
    """A neutral portrait placeholder: silhouette on the person's colour."""
    width, height = 240, 300
    base = _hex(colour)
    image = Image.new("RGB", (width, height), _mix(base, (255, 255, 255), 0.75))
    draw = ImageDraw.Draw(image)
    figure = _mix(base, (0, 0, 0), 0.1)
    draw.ellipse((70, 55, 170, 165), fill=figure)
    draw.ellipse((25, 180, 215, 380), fill=figure)
    # The first letter of the given name, after นาย/นาง/นางสาว.
    given = name.split(" ")[0]
    for title in ("นางสาว", "นาง", "นาย"):
        if given.startswith(title):
            given = given[len(title) :]
            break
    initial = _clusters(given)[0] if given else "?"
    fnt = font(54, bold=True)
    draw.text((120, 245), initial, font=fnt, fill="white", anchor="mm")
    return _encode(image, "PNG", optimize=True)


def _motif(draw: ImageDraw.ImageDraw, motif: str, box, ink):
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    w = x1 - x0
    if motif == "people":
        for i, dx in enumerate((-0.28, 0, 0.28)):
            px = cx + int(dx * w)
            r = 34 if i == 1 else 28
            draw.ellipse((px - r, cy - 90 - r, px + r, cy - 90 + r), fill=ink)
            draw.rounded_rectangle(
                (px - r - 18, cy - 45, px + r + 18, cy + 70), radius=30, fill=ink
            )
    elif motif == "road":
        draw.polygon([(cx - 40, y0), (cx + 40, y0), (x1, y1), (x0, y1)], fill=ink)
        for i in range(5):
            t0, t1 = i / 5, i / 5 + 0.1
            ya, yb = y0 + (y1 - y0) * t0, y0 + (y1 - y0) * t1
            draw.polygon(
                [
                    (cx - 3 - 6 * t0, ya),
                    (cx + 3 + 6 * t0, ya),
                    (cx + 3 + 6 * t1, yb),
                    (cx - 3 - 6 * t1, yb),
                ],
                fill="white",
            )
    elif motif == "health":
        draw.rectangle((cx - 30, cy - 100, cx + 30, cy + 100), fill=ink)
        draw.rectangle((cx - 100, cy - 30, cx + 100, cy + 30), fill=ink)
    elif motif == "document":
        draw.rectangle(
            (cx - 90, cy - 120, cx + 90, cy + 120), fill="white", outline=ink, width=6
        )
        for i in range(6):
            y = cy - 80 + i * 30
            draw.line((cx - 60, y, cx + (60 if i % 3 else 20), y), fill=ink, width=8)
    elif motif == "shield":
        draw.polygon(
            [
                (cx, cy - 120),
                (cx + 100, cy - 80),
                (cx + 80, cy + 60),
                (cx, cy + 120),
                (cx - 80, cy + 60),
                (cx - 100, cy - 80),
            ],
            fill=ink,
        )
    elif motif == "school":
        draw.polygon(
            [(cx - 130, cy - 20), (cx, cy - 120), (cx + 130, cy - 20)], fill=ink
        )
        draw.rectangle((cx - 100, cy - 20, cx + 100, cy + 110), fill=ink)
        draw.rectangle((cx - 25, cy + 30, cx + 25, cy + 110), fill="white")
    elif motif == "leaf":
        draw.ellipse((cx - 70, cy - 120, cx + 70, cy + 80), fill=ink)
        draw.line((cx, cy - 60, cx, cy + 130), fill="white", width=8)
    else:  # heart
        draw.ellipse((cx - 100, cy - 90, cx, cy + 10), fill=ink)
        draw.ellipse((cx, cy - 90, cx + 100, cy + 10), fill=ink)
        draw.polygon([(cx - 97, cy - 25), (cx + 97, cy - 25), (cx, cy + 100)], fill=ink)


def draw_news_image(title: str, colour: str, motif: str, org_name: str) -> bytes:
    width, height = 960, 540
    base = _hex(colour)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line((0, y, width, y), fill=_mix(base, (255, 255, 255), 0.55 * y / height))
    _motif(draw, motif, (280, 60, 680, 380), _mix(base, (0, 0, 0), 0.25))
    draw.rectangle((0, 400, width, height), fill=_mix(base, (0, 0, 0), 0.55))
    fnt = font(34, bold=True)
    lines = wrap(title, fnt, width - 80)[:3]
    y = 470 - 22 * (len(lines) - 1)
    for line in lines:
        draw.text((width // 2, y), line, font=fnt, fill="white", anchor="mm")
        y += 44
    draw.text((30, 24), org_name, font=font(26, bold=True), fill="white")
    return _encode(image, "JPEG", quality=82, optimize=True)


def _fit(text, largest, smallest, width, bold=False):
    """The largest font size that keeps ``text`` on one line, else two lines."""
    for size in range(largest, smallest - 1, -1):
        if font(size, bold).getlength(text) <= width:
            return font(size, bold), [text]
    return font(smallest, bold), wrap(text, font(smallest, bold), width)[:2]


def draw_org_chart(units: list[dict], title: str) -> bytes:
    """Boxes by reporting level, connected parent to child, coloured by wing."""
    width = 1800
    by_name = {unit["name"]: unit for unit in units}

    def level(unit, seen=()):
        parent = by_name.get(unit.get("parent_name", ""))
        if parent is None or parent["name"] in seen:
            return 0
        return 1 + level(parent, (*seen, unit["name"]))

    levels: dict[int, list[dict]] = {}
    for unit in units:
        levels.setdefault(level(unit), []).append(unit)
    box_h, gap_y, top = 120, 70, 130
    height = top + len(levels) * (box_h + gap_y) + 80
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text(
        (width // 2, 60), title, font=font(44, bold=True), fill="#1f2933", anchor="mm"
    )
    palette = {
        "political": ("#dbe7f5", "#1d4e89"),
        "permanent": ("#e3f0d8", "#386641"),
    }
    centres = {}
    for depth in sorted(levels):
        row = levels[depth]
        # Children keep their parents' left-to-right order: no crossing lines.
        row.sort(key=lambda u: centres.get(u.get("parent_name", ""), (0, 0))[0])
        slot = width / len(row)
        box_w = min(300, slot - 24)
        y = top + depth * (box_h + gap_y)
        for i, unit in enumerate(row):
            cx = slot * i + slot / 2
            fill, ink = palette.get(unit["wing"], palette["permanent"])
            draw.rounded_rectangle(
                (cx - box_w / 2, y, cx + box_w / 2, y + box_h),
                radius=14,
                fill=fill,
                outline=ink,
                width=3,
            )
            name_font, lines = _fit(unit["name"], 26, 19, box_w - 20, bold=True)
            head = unit.get("head_position", "")
            head_lines = []
            if head and head != unit["name"]:
                head_font, head_lines = _fit(head, 19, 15, box_w - 16)
            line_h = name_font.size * 1.3
            text_h = line_h * len(lines) + 24 * len(head_lines)
            ty = y + (box_h - text_h) / 2 + line_h / 2
            for line in lines:
                draw.text((cx, ty), line, font=name_font, fill=ink, anchor="mm")
                ty += line_h
            for line in head_lines:
                draw.text(
                    (cx, ty + 2), line, font=head_font, fill="#3e4c59", anchor="mm"
                )
                ty += 24
            centres[unit["name"]] = (cx, y)
            parent = centres.get(unit.get("parent_name", ""))
            if parent:
                px, py = parent
                mid = py + box_h + gap_y / 2
                draw.line((px, py + box_h, px, mid), fill="#52606d", width=3)
                draw.line((px, mid, cx, mid), fill="#52606d", width=3)
                draw.line((cx, mid, cx, y), fill="#52606d", width=3)
    legend_y = height - 45
    for i, (wing, label) in enumerate(
        (
            ("political", "ฝ่ายการเมือง (มาจากการเลือกตั้ง)"),
            ("permanent", "ฝ่ายประจำ (พนักงานเทศบาล)"),
        )
    ):
        fill, ink = palette[wing]
        x = 60 + i * 520
        draw.rectangle(
            (x, legend_y - 14, x + 40, legend_y + 14), fill=fill, outline=ink, width=3
        )
        draw.text((x + 55, legend_y), label, font=font(24), fill="#1f2933", anchor="lm")
    return _encode(image, "PNG", optimize=True)


class Sheet:
    """A document of A4 pages drawn with Pillow, saved as a real PDF.

    Text is an image in the PDF (Pillow cannot embed fonts), which is what a
    scanned, signed municipal document looks like anyway.
    """

    WIDTH, HEIGHT = 827, 1169  # A4 at 100 dpi
    MARGIN = 72
    FOOTER = "เอกสารสาธิต: ข้อมูลสมมติ จัดทำโดยโปรแกรม ita-wagtail ไม่ใช่เอกสารราชการจริง"

    def __init__(self, org_name: str, title: str, subtitle: str = ""):
        self.org_name = org_name
        self.title = title
        self.pages: list[Image.Image] = []
        self._new_page()
        self._header(title, subtitle)

    @property
    def text_width(self):
        return self.WIDTH - 2 * self.MARGIN

    def _new_page(self):
        self.page = Image.new("L", (self.WIDTH, self.HEIGHT), 255)
        self.draw = ImageDraw.Draw(self.page)
        self.pages.append(self.page)
        self.y = self.MARGIN

    def _room(self, needed: float):
        if self.y + needed > self.HEIGHT - self.MARGIN - 30:
            self._new_page()

    def _header(self, title, subtitle):
        cx = self.WIDTH // 2
        self.draw.ellipse((cx - 38, self.y, cx + 38, self.y + 76), outline=0, width=3)
        self.draw.ellipse(
            (cx - 30, self.y + 8, cx + 30, self.y + 68), outline=0, width=1
        )
        self.draw.text(
            (cx, self.y + 38), "ทต.", font=font(22, bold=True), fill=0, anchor="mm"
        )
        self.y += 100
        self.centred(self.org_name, font(22, bold=True))
        self.centred(title, font(26, bold=True))
        if subtitle:
            self.centred(subtitle, font(20))
        self.y += 6
        self.draw.line(
            (self.MARGIN, self.y, self.WIDTH - self.MARGIN, self.y), fill=80, width=2
        )
        self.y += 18

    def centred(self, text, fnt):
        for line in wrap(text, fnt, self.text_width):
            self._room(fnt.size * 1.6)
            self.draw.text(
                (self.WIDTH // 2, self.y + fnt.size * 0.8),
                line,
                font=fnt,
                fill=0,
                anchor="mm",
            )
            self.y += fnt.size * 1.6

    def heading(self, text):
        self.y += 8
        self.paragraph(text, fnt=font(21, bold=True))

    def paragraph(self, text, fnt=None, indent=0, first_indent=0):
        fnt = fnt or font(19)
        line_h = fnt.size * 1.65
        for i, line in enumerate(
            wrap(text, fnt, self.text_width - indent - first_indent)
        ):
            self._room(line_h)
            x = self.MARGIN + indent + (first_indent if i == 0 else 0)
            self.draw.text((x, self.y), line, font=fnt, fill=0)
            self.y += line_h
        self.y += 4

    def items(self, texts, numbered=True):
        fnt = font(19)
        for i, text in enumerate(texts, start=1):
            marker = f"{i}." if numbered else "•"
            self._room(fnt.size * 1.65)
            self.draw.text((self.MARGIN + 14, self.y), marker, font=fnt, fill=0)
            self.paragraph(text, fnt=fnt, indent=48)

    def table(self, headers, rows, widths, right=()):
        fnt, bold = font(16), font(16, bold=True)
        total = sum(widths)
        cols = [w * self.text_width / total for w in widths]

        def draw_row(cells, fnt, shade):
            wrapped = [
                wrap(str(cell), fnt, col - 12)
                for cell, col in zip(cells, cols, strict=True)
            ]
            row_h = max(len(lines) for lines in wrapped) * fnt.size * 1.5 + 10
            self._room(row_h)
            x = self.MARGIN
            if shade:
                self.draw.rectangle(
                    (x, self.y, x + self.text_width, self.y + row_h), fill=232
                )
            for i, (lines, col) in enumerate(zip(wrapped, cols, strict=True)):
                self.draw.rectangle((x, self.y, x + col, self.y + row_h), outline=90)
                ty = self.y + 5
                for line in lines:
                    if i in right:
                        self.draw.text(
                            (x + col - 6, ty), line, font=fnt, fill=0, anchor="ra"
                        )
                    else:
                        self.draw.text((x + 6, ty), line, font=fnt, fill=0)
                    ty += fnt.size * 1.5
                x += col
            self.y += row_h

        draw_row(headers, bold, shade=True)
        for row in rows:
            draw_row(row, fnt, shade=False)
        self.y += 12

    def signature(self, name, position, when: date | None = None):
        fnt = font(19)
        self._room(165)
        self.y += 16
        x = self.WIDTH - self.MARGIN - 170
        if when:
            self.draw.text(
                (x, self.y),
                f"ประกาศ ณ วันที่ {format_thai_date(when)}",
                font=fnt,
                fill=0,
                anchor="ma",
            )
            self.y += 44
        # A hand-drawn-looking stroke stands in for the signature.
        points = [
            (x - 70 + i * 14, self.y + 18 + (-1) ** i * (6 + i % 3 * 4))
            for i in range(11)
        ]
        self.draw.line(points, fill=30, width=3, joint="curve")
        self.y += 40
        for text in (f"({name})", position):
            self.draw.text((x, self.y), text, font=fnt, fill=0, anchor="ma")
            self.y += 30

    def pdf(self) -> bytes:
        small = font(14)
        for number, page in enumerate(self.pages, start=1):
            draw = ImageDraw.Draw(page)
            y = self.HEIGHT - self.MARGIN + 10
            draw.line((self.MARGIN, y - 8, self.WIDTH - self.MARGIN, y - 8), fill=160)
            draw.text((self.MARGIN, y), self.FOOTER, font=small, fill=90)
            draw.text(
                (self.WIDTH - self.MARGIN, y),
                f"หน้า {number}/{len(self.pages)}",
                font=small,
                fill=90,
                anchor="ra",
            )
        first, *rest = self.pages
        return _encode(
            first,
            "PDF",
            resolution=100.0,
            save_all=True,
            append_images=rest,
            title=self.title,
            author=self.org_name,
            creator="ita-wagtail demo",
        )


# ==========================================================================
# Media: Wagtail images and documents in one demo collection
# ==========================================================================


class DemoMedia:
    """Images and documents, looked up by title so that nothing is made twice."""

    def __init__(self, user):
        self.user = user
        root = Collection.get_first_root_node()
        self.collection = root.get_children().filter(
            name=COLLECTION_NAME
        ).first() or root.add_child(name=COLLECTION_NAME)
        self.created = Counter()
        self.objects = []

    @staticmethod
    def model_has(model, name):
        return any(f.name == name for f in model._meta.get_fields())

    def image(self, title, filename, render, alt=""):
        model = get_image_model()
        existing = model.objects.filter(collection=self.collection, title=title).first()
        if existing:
            return existing
        data = render()
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
        image = model(
            title=title,
            collection=self.collection,
            uploaded_by_user=self.user,
            width=width,
            height=height,
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        if alt and self.model_has(model, "description"):
            image.description = alt
        image.file.save(filename, ContentFile(data), save=False)
        # Saving the file resets the dimension fields Django fills from it.
        image.width, image.height = width, height
        image.save()
        self.created["images"] += 1
        self.objects.append(image)
        return image

    def document(self, title, filename, render):
        model = get_document_model()
        existing = model.objects.filter(collection=self.collection, title=title).first()
        if existing:
            return existing
        data = render()
        document = model(
            title=title,
            collection=self.collection,
            uploaded_by_user=self.user,
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        document.file.save(filename, ContentFile(data), save=False)
        document.save()
        self.created["documents"] += 1
        self.objects.append(document)
        return document

    def delete_all(self):
        # Model deletes (not raw SQL) so that Wagtail removes the files too.
        for model in (get_image_model(), get_document_model()):
            for item in model.objects.filter(collection=self.collection):
                item.delete()


# ==========================================================================
# The loader
# ==========================================================================


@dataclass
class DemoResult:
    already_loaded: bool
    site: Site
    home: HomePage
    pages_published: int = 0
    images: int = 0
    documents: int = 0
    seconds: float = 0.0
    admin_created: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def site_url(self):
        port = "" if self.site.port in (80, 443) else f":{self.site.port}"
        return f"http://{self.site.hostname}{port}/"

    @property
    def admin_url(self):
        return self.site_url + "admin/"


def _p(*texts) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _at(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(d, dt_time(hour, minute), tzinfo=BANGKOK)


class DemoLoader:
    def __init__(self):
        self.today = today()
        self.now = datetime.now(BANGKOK)
        self.fy = fiscal_year(self.today)
        self.content = load_content(self.fy, self.today)
        self.org = self.content["municipality"]
        self.published: list[tuple[int, datetime, datetime]] = []

    # -- entry point ----------------------------------------------------------

    def run(self, reset: bool = False, port: int | None = None) -> DemoResult:
        started = time.monotonic()
        with transaction.atomic():
            self.admin, admin_created = self.ensure_admin()
            site, home = self.ensure_site_and_home(port)
            result = DemoResult(
                already_loaded=False, site=site, home=home, admin_created=admin_created
            )
            if not reset and self.is_loaded(home):
                result.already_loaded = True
                return result
            self.media = DemoMedia(self.admin)
            if reset:
                self.clear(home)
            if font_path() is None:
                result.notes.append(
                    "No Thai font found (the demo's Sarabun files in "
                    "demo_data/fonts/ are missing): set ITA_DEMO_FONT to a "
                    "Thai TrueType font for readable text in the demo images."
                )
            # Every page is saved several times while it is built; index its
            # references once, at the end, as rebuild_references_index does.
            with disable_reference_index_auto_update():
                self.build(site, home)
            self.apply_dates()
            self.index_references()
        result.pages_published = len(self.published)
        result.images = self.media.created["images"]
        result.documents = self.media.created["documents"]
        result.seconds = time.monotonic() - started
        return result

    @staticmethod
    def is_loaded(home) -> bool:
        return ItaIndexPage.objects.live().descendant_of(home).exists()

    def clear(self, home):
        for child in home.get_children():
            child.delete()
        self.media.delete_all()

    # -- accounts, site and home page -----------------------------------------

    def ensure_admin(self):
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        created = user is None
        if created:
            user = User(username=ADMIN_USERNAME, email=f"admin@{self.org['domain']}")
            user.first_name, user.last_name = "ผู้ดูแล", "ระบบ"
        changed = created or not (
            user.is_superuser
            and user.is_staff
            and user.is_active
            and user.check_password(ADMIN_PASSWORD)
        )
        if changed:
            # The command prints this login, so it must work after every run.
            user.is_superuser = user.is_staff = user.is_active = True
            user.set_password(ADMIN_PASSWORD)
            user.save()
        return user, created

    def ensure_site_and_home(self, port: int | None = None):
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        root = site.root_page.specific if site else None
        if isinstance(root, HomePage):
            home = root
        elif site is None or self._is_welcome_page(root):
            home = self._replace_welcome_page(site, root)
            site = Site.objects.get(pk=site.pk) if site else None
        else:
            raise CommandError(
                f"The default site's root page is “{root.title}” ({type(root).__name__}), "
                "not the Wagtail welcome page or the demo home page. The demo only "
                "loads into a fresh example site; use another DATABASE_URL."
            )
        if site is None:
            site = Site(root_page=home)
        site.hostname = SITE_HOSTNAME
        # The port the development server will listen on, so that the site's
        # own links (and the URLs printed) are the ones that work.
        site.port = port or SITE_PORT
        site.site_name = self.org["name"]
        site.is_default_site = True
        site.root_page = home
        site.save()
        return site, home

    @staticmethod
    def _is_welcome_page(page) -> bool:
        # wagtailcore's initial migration makes the site root a plain Page.
        return type(page) is Page

    def _replace_welcome_page(self, site, welcome):
        tree_root = Page.get_first_root_node()
        if welcome is not None:
            # Free the slug "home" for the demo home page before deleting.
            Page.objects.filter(pk=welcome.pk).update(slug=f"{welcome.slug}-welcome")
        home = HomePage.objects.child_of(tree_root).first()
        if home is None:
            home = HomePage(
                title=self.org["name"], slug="home", live=False, owner=self.admin
            )
            tree_root.add_child(instance=home)
        if site is not None:
            Site.objects.filter(pk=site.pk).update(root_page=home)
        if welcome is not None:
            # ita_setup may already have put (draft) ITA pages under the
            # welcome page; the demo fills them in rather than duplicating them.
            for child in Page.objects.child_of(welcome):
                child.move(home, pos="last-child")
            Page.objects.get(pk=welcome.pk).delete()
        return home

    # -- building ---------------------------------------------------------------

    def build(self, site, home):
        self.units = self.update_units()
        report = setup_ita_section(site, parent=home)
        drafts = {type(step.page): step.page for step in report.steps}

        def fresh(model):
            return model.objects.get(pk=drafts[model].pk)

        self.people = {person["key"]: person for person in self.content["people"]}
        self.photos = {
            key: self.media.image(
                f"ภาพผู้บริหาร: {person['name']}",
                f"demo-executive-{slugify(key)}.png",
                lambda person=person: draw_avatar(person["name"], person["colour"]),
                alt=f"ภาพแทนรูปถ่ายของ {person['name']} {person['position']}",
            )
            for key, person in self.people.items()
        }
        index = fresh(ItaIndexPage)
        self.build_index(index)
        self.build_basic_information(fresh(BasicInformationPage))
        self.build_organisation(fresh(OrganisationStructurePage))
        self.build_executives(fresh(ExecutivesPage))
        self.build_authority(fresh(AuthorityDutiesPage))
        self.build_development_plan(fresh(DevelopmentPlanPage))
        self.build_contact(fresh(ContactPage))
        self.build_laws(fresh(RelatedLawsPage))
        news_index = fresh(NewsIndexPage)
        self.build_news(news_index)
        self.build_integrity(fresh(IntegrityDeclarationPage))
        self.build_plans(index, fresh(AnnualPlanPage), fresh(PlanProgressPage))
        self.build_annual_report(fresh(AnnualReportPage))
        self.build_operating_manuals(fresh(OperatingManualsPage))
        self.build_service_manuals(fresh(ServiceManualsPage))
        self.build_home(home, index, news_index)

    def publish(self, page, key=None, first=None, last=None, unit="clerk_office"):
        """Publish as the admin; the real dates are set by ``apply_dates``."""
        if unit and hasattr(page, "responsible_unit_id"):
            page.responsible_unit = self.units[unit]
        page.owner = page.owner or self.admin
        page.save_revision(user=self.admin).publish(user=self.admin)
        if last is None:
            last = self.now - timedelta(days=LAST_UPDATED_DAYS_AGO[key], hours=3)
        if first is None:
            first = last - timedelta(days=30)
        # Event dates late in a day that is today must not land in the future.
        last = min(last, self.now - timedelta(minutes=30))
        self.published.append((page.pk, min(first, last), last))
        return page

    def apply_dates(self):
        for pk, first, last in self.published:
            page = Page.objects.get(pk=pk)
            Page.objects.filter(pk=pk).update(
                first_published_at=first,
                last_published_at=last,
                latest_revision_created_at=last,
            )
            revisions = page.revisions
            revisions.filter(pk=page.latest_revision_id).update(created_at=last)
            revisions.exclude(pk=page.latest_revision_id).update(created_at=first)
            # The admin's page history should tell the same story as the dates.
            logs = PageLogEntry.objects.filter(page_id=pk)
            logs.filter(action="wagtail.create").update(timestamp=first)
            logs.exclude(action="wagtail.create").update(timestamp=last)

    def index_references(self):
        pages = Page.objects.filter(pk__in=[pk for pk, _, _ in self.published])
        for obj in [*pages.specific(), *self.media.objects]:
            if ReferenceIndex.is_indexed(type(obj)):
                ReferenceIndex.create_or_update_for_object(obj)

    def past(self, d: date, days_before_today: int = 1) -> date:
        """``d``, or an earlier day if ``d`` has not happened yet."""
        return min(d, self.today - timedelta(days=days_before_today))

    def update_units(self):
        units = ResponsibleUnit.objects.by_code()
        for code, contact in self.content["unit_contacts"].items():
            unit = units.get(code)
            if unit is not None:
                unit.phone, unit.email = contact["phone"], contact["email"]
                unit.save(update_fields=["phone", "email"])
        return units

    def sheet(self, title, subtitle=""):
        return Sheet(self.org["name"], title, subtitle)

    def pdf(self, title, filename, fill, subtitle=""):
        def render():
            sheet = self.sheet(title, subtitle)
            fill(sheet)
            return sheet.pdf()

        return self.media.document(title, filename, render)

    # -- pages --------------------------------------------------------------------

    def build_index(self, index):
        data = self.content["ita_index"]
        index.title = data["title"]
        index.intro = _p(data["intro"])
        self.publish(index, "ita_index")

    def build_basic_information(self, page):
        org = self.org
        page.intro = _p(
            f"{org['name']} ตั้งอยู่ใน{org['district']} {org['province']} "
            f"มีพื้นที่ {org['area']} ตารางกิโลเมตร {org['villages']} หมู่บ้าน "
            f"ประชากร {org['population']} คน {org['households']} ครัวเรือน",
            "ข้อมูลพื้นฐานของเทศบาลแบ่งเป็น 6 หัวข้อ ได้แก่ โครงสร้างหน่วยงาน ข้อมูลผู้บริหาร "
            "อำนาจหน้าที่ แผนพัฒนาท้องถิ่น ข้อมูลการติดต่อ และกฎหมายที่เกี่ยวข้อง",
        )
        self.publish(page, "basic_information")

    def build_organisation(self, page):
        data = self.content["organisation"]
        chart_title = f"โครงสร้างองค์กร {self.org['name']}"
        page.chart_image = self.media.image(
            f"แผนภูมิ{chart_title}",
            "demo-organisation-chart.png",
            lambda: draw_org_chart(data["units"], chart_title),
            alt="แผนภูมิโครงสร้างองค์กร ฝ่ายการเมืองและฝ่ายประจำของเทศบาล",
        )

        def chart_pdf():
            with (
                page.chart_image.open_file() as handle,
                Image.open(handle) as picture,
            ):
                return _encode(
                    picture.convert("RGB"), "PDF", resolution=150.0, title=chart_title
                )

        page.chart_document = self.media.document(
            f"แผนภูมิ{chart_title} (PDF)", "demo-organisation-chart.pdf", chart_pdf
        )
        page.intro = _p(data["intro"])
        page.units = [
            {
                "type": "unit",
                "value": {
                    "name": unit["name"],
                    "wing": unit["wing"],
                    "head_position": unit.get("head_position", ""),
                    "parent_name": unit.get("parent_name", ""),
                    "description": unit.get("description", ""),
                },
            }
            for unit in data["units"]
        ]
        self.publish(page, "organisation")

    def build_executives(self, page):
        page.intro = _p(self.content["executives"]["intro"])
        page.executives = [
            {
                "type": "executive",
                "value": {
                    "name": person["name"],
                    "position": person["position"],
                    "wing": person["wing"],
                    "photo": self.photos[key].pk,
                    "phone": person["phone"],
                    "email": person["email"],
                },
            }
            for key, person in self.people.items()
        ]
        self.publish(page, "executives")

    def build_authority(self, page):
        data = self.content["authority"]
        page.intro = _p(data["intro"])
        page.duties = [
            {
                "type": "duty",
                "value": {"duty": d["duty"], "legal_basis": d["legal_basis"]},
            }
            for d in data["duties"]
        ]
        self.publish(page, "authority")

    def build_development_plan(self, page):
        data = self.content["development_plan"]
        start, end = plan_cycle(self.fy)
        page.title = data["title"]
        page.intro = _p(data["intro"])
        page.plan_title = data["title"]
        page.start_year, page.end_year = start, end
        page.vision = data["vision"]
        page.strategies = [
            {
                "type": "strategy",
                "value": {"title": s["title"], "description": s["description"]},
            }
            for s in data["strategies"]
        ]

        def fill(sheet):
            sheet.heading("วิสัยทัศน์")
            sheet.paragraph(f"“{data['vision']}”", first_indent=40)
            sheet.heading("ยุทธศาสตร์การพัฒนา")
            sheet.items(f"{s['title']}: {s['description']}" for s in data["strategies"])
            sheet.heading("ความเป็นมา")
            sheet.paragraph(data["intro"], first_indent=40)

        page.plan_document = self.pdf(
            data["title"], f"demo-development-plan-{start}.pdf", fill
        )
        self.publish(page, "development_plan")

    def build_contact(self, page):
        data, org = self.content["contact"], self.org
        page.intro = _p(data["intro"])
        page.office_name = f"สำนักงาน{org['name']}"
        page.address = org["address"]
        page.phones = [{"type": "phone", "value": phone} for phone in data["phones"]]
        page.fax = org["fax"]
        page.email = org["email"]
        page.office_hours = org["office_hours"]
        page.latitude = Decimal(org["latitude"])
        page.longitude = Decimal(org["longitude"])
        page.social_channels = [
            {"type": "channel", "value": channel} for channel in data["social"]
        ]
        self.publish(page, "contact")

    def build_laws(self, page):
        data = self.content["laws"]
        page.intro = _p(data["intro"])
        laws = []
        for number, law in enumerate(data["items"], start=1):

            def fill(sheet, law=law):
                sheet.heading("สาระสำคัญ")
                sheet.paragraph(law["summary"], first_indent=40)
                sheet.heading("ตัวบทฉบับทางการ")
                sheet.paragraph(
                    "เอกสารนี้เป็นเอกสารสรุปเพื่อการสาธิตเท่านั้น ตัวบทกฎหมายฉบับทางการ"
                    f"ให้ตรวจสอบจากราชกิจจานุเบกษา {data['gazette_url']}"
                )

            document = self.pdf(law["title"], f"demo-law-{number:02d}.pdf", fill)
            laws.append(
                {
                    "type": "law",
                    "value": {
                        "title": law["title"],
                        "category": law["category"],
                        "link": "",
                        "document": document.pk,
                    },
                }
            )
        page.laws = laws
        # Laws are the legal affairs unit's field, not the clerk office's.
        self.publish(page, "laws", unit="legal")

    def build_news(self, index):
        index.intro = self.content["news_index"]["intro"]
        self.publish(index, "news_index")
        mayor = self.people["mayor"]
        for order, item in enumerate(self.content["news"]):
            day = self.today - timedelta(days=item["days_ago"])
            image = self.media.image(
                f"ภาพข่าว: {item['title']}",
                f"demo-news-{item['slug']}.jpg",
                lambda item=item: draw_news_image(
                    item["title"], item["colour"], item["motif"], self.org["name"]
                ),
                alt=f"ภาพประกอบข่าว {item['title']}",
            )
            body = [
                {"type": "paragraph", "value": _p(text)} for text in item["paragraphs"]
            ]
            if item.get("document"):

                def fill(sheet, item=item, day=day):
                    for text in item["paragraphs"]:
                        sheet.paragraph(text, first_indent=40)
                    sheet.signature(mayor["name"], mayor["position"], day)

                document = self.pdf(
                    item["document"], f"demo-news-{item['slug']}.pdf", fill
                )
                body.append({"type": "document", "value": document.pk})
            page = NewsPage.objects.child_of(index).filter(slug=item["slug"]).first()
            if page is None:
                page = NewsPage(
                    title=item["title"], slug=item["slug"], live=False, owner=self.admin
                )
                index.add_child(instance=page)
            page.title = item["title"]
            page.date = day
            page.intro = item["intro"]
            page.image = image
            page.body = body
            published = _at(day, 9 + order % 6, 15 * (order % 4))
            self.publish(page, first=published, last=published, unit=None)

    def build_integrity(self, page):
        data, mayor = self.content["integrity"], self.people["mayor"]
        fy_start = fiscal_year_bounds(self.fy)[0]
        declared = self.past(fy_start + timedelta(days=6), days_before_today=1)
        page.title = data["title"]
        page.fiscal_year = self.fy
        page.executive_name = mayor["name"]
        page.executive_position = mayor["position"]
        page.executive_photo = self.photos["mayor"]
        page.declaration_date = declared
        page.statement = (
            _p(data["opening"])
            + "<ol>"
            + "".join(f"<li>{escape(c)}</li>" for c in data["commitments"])
            + "</ol>"
            + _p(data["closing"])
        )

        def fill(sheet):
            sheet.paragraph(data["opening"], first_indent=40)
            sheet.items(data["commitments"])
            sheet.paragraph(data["closing"], first_indent=40)
            sheet.signature(mayor["name"], mayor["position"], declared)

        page.signed_document = self.pdf(
            f"{data['title']} (ฉบับลงนาม)", f"demo-integrity-{self.fy}.pdf", fill
        )
        first = _at(self.past(declared + timedelta(days=1), 0), 11)
        last = self.now - timedelta(days=LAST_UPDATED_DAYS_AGO["integrity"])
        self.publish(page, first=first, last=max(first, last))

    # -- 5.4 and 5.5 ------------------------------------------------------------

    def build_plans(self, index, current_plan, current_report):
        """The current plan, and a progress report for the last ended quarter.

        A progress report must sit under the plan of its own fiscal year. In
        the first quarter the last ended quarter is the previous year's
        fourth, so that year's plan is published too, with its report; the
        current plan then carries an interim report of the running quarter.
        """
        report_fy, quarter = last_ended_quarter(self.today)
        if report_fy == self.fy:
            specs = self.fill_plan(current_plan, self.fy)
            self.fill_progress(current_report, current_plan, specs, quarter)
            return
        specs = self.fill_plan(current_plan, self.fy)
        self.fill_progress(current_report, current_plan, specs, 1, interim=True)
        slug = f"{AnnualPlanPage.ita_slug}-{report_fy}"
        previous = AnnualPlanPage.objects.child_of(index).filter(slug=slug).first()
        if previous is None:
            previous = AnnualPlanPage(
                slug=slug,
                title=slug,
                fiscal_year=report_fy,
                live=False,
                owner=self.admin,
            )
            index.add_child(instance=previous)
        # Last year's plan was last touched when its final report went up.
        report_date = self.report_published(report_fy, quarter)
        specs = self.fill_plan(previous, report_fy, last=report_date)
        report = PlanProgressPage.objects.child_of(previous).first()
        if report is None:
            report = PlanProgressPage(
                slug=f"{PlanProgressPage.ita_slug}-{report_fy}-q{quarter}",
                title=slug,
                fiscal_year=report_fy,
                quarter=quarter,
                live=False,
                owner=self.admin,
            )
            previous.add_child(instance=report)
        self.fill_progress(report, previous, specs, quarter)

    def report_published(self, fy, quarter, interim=False) -> datetime:
        if interim:
            return self.now - timedelta(days=1, hours=2)
        q_end = quarter_bounds(fy, quarter)[1]
        # Units report within about two weeks of the quarter's end.
        return _at(self.past(q_end + timedelta(days=12), 0), 15)

    def fill_plan(self, page, fy, last=None) -> list[ProjectSpec]:
        strategies = {
            s["key"]: s["title"] for s in self.content["development_plan"]["strategies"]
        }
        specs = project_specs(self.content, fy, self.fy)
        fy_start = fiscal_year_bounds(fy)[0]
        approved = self.past(fy_start + timedelta(days=20), days_before_today=3)
        total = sum((s.budget for s in specs), Decimal("0"))
        intro = self.content["annual_plan"]["intro"]
        page.title = f"แผนปฏิบัติราชการประจำปี (แผนการดำเนินงาน) ประจำปีงบประมาณ พ.ศ. {fy}"
        page.fiscal_year = fy
        page.approved_on = approved
        page.intro = _p(
            intro,
            f"ผู้บริหารท้องถิ่นอนุมัติแผนเมื่อวันที่ {format_thai_date(approved)} "
            f"รวม {len(specs)} โครงการ งบประมาณรวม {format_baht(total)}",
        )
        page.projects = [
            AnnualPlanProject(
                name=spec.name,
                strategy=strategies[spec.strategy_key],
                budget=spec.budget,
                budget_source=spec.source,
                start_month=spec.start_month,
                end_month=spec.end_month,
                responsible_unit=self.units[spec.unit_code],
                sort_order=order,
            )
            for order, spec in enumerate(specs)
        ]
        sources = dict(BudgetSource.choices)

        def fill(sheet):
            sheet.paragraph(intro, first_indent=40)
            sheet.table(
                [
                    "ที่",
                    "โครงการ/กิจกรรม",
                    "งบประมาณ (บาท)",
                    "แหล่งงบประมาณ",
                    "ระยะเวลา",
                    "หน่วยงาน",
                ],
                [
                    [
                        i,
                        spec.name,
                        format_baht(spec.budget, with_unit=False),
                        str(sources[spec.source]),
                        f"{THAI_MONTHS_ABBR[spec.start_month - 1]} – "
                        f"{THAI_MONTHS_ABBR[spec.end_month - 1]}",
                        self.units[spec.unit_code].name,
                    ]
                    for i, spec in enumerate(specs, start=1)
                ],
                widths=[4, 32, 16, 14, 12, 16],
                right=(2,),
            )
            sheet.paragraph(
                f"รวม {len(specs)} โครงการ งบประมาณรวม {format_baht(total)}"
            )

        page.plan_document = self.pdf(
            page.title, f"demo-annual-plan-{fy}.pdf", fill, subtitle=self.org["name"]
        )
        first = _at(self.past(approved + timedelta(days=2), 0), 14)
        if last is None:
            last = self.now - timedelta(days=LAST_UPDATED_DAYS_AGO["annual_plan"])
        self.publish(page, first=first, last=max(first, last))
        return specs

    def fill_progress(self, page, plan, specs, quarter, interim=False):
        fy = plan.fiscal_year
        q_start, q_end = quarter_bounds(fy, quarter)
        as_of = self.today if interim else q_end
        projects = list(
            AnnualPlanProject.objects.filter(page=plan).order_by("sort_order")
        )
        summary = ProgressSummary()
        entries = []
        for order, (project, spec) in enumerate(zip(projects, specs, strict=True)):
            progress = project_progress(spec, fy, as_of)
            summary.add(spec, progress)
            entries.append(
                PlanProgressEntry(
                    project=project,
                    progress_percent=progress.percent,
                    budget_disbursed=progress.disbursed,
                    status=progress.status,
                    note=progress.note,
                    sort_order=order,
                )
            )
        title = (
            "รายงานการกำกับติดตามการดำเนินงานตามแผนปฏิบัติราชการประจำปี "
            f"ไตรมาสที่ {quarter} ปีงบประมาณ พ.ศ. {fy}"
        )
        if interim:
            title += f" (ข้อมูล ณ วันที่ {format_thai_date(as_of)})"
        period = (
            f"ระหว่างวันที่ {format_thai_date(q_start)} ถึงวันที่ {format_thai_date(as_of)}"
        )
        page.title = title
        page.fiscal_year = fy
        page.quarter = quarter
        page.summary = _p(
            f"ผลการดำเนินงานตามแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {fy} {period} "
            + summary.describe(),
            "ข้อมูลรวบรวมจากรายงานของส่วนราชการ ตรวจสอบโดยงานวิเคราะห์นโยบายและแผน "
            "สำนักปลัดเทศบาล",
        )
        page.entries = entries
        labels = dict(ProgressStatus.choices)

        def fill(sheet):
            sheet.paragraph(summary.describe(), first_indent=40)
            sheet.table(
                ["ที่", "โครงการ/กิจกรรม", "งบประมาณ", "ผลงาน", "เบิกจ่าย", "สถานะ"],
                [
                    [
                        i,
                        project.name,
                        format_baht(project.budget, with_unit=False),
                        f"{entry.progress_percent}%",
                        format_baht(entry.budget_disbursed, with_unit=False),
                        str(labels[entry.status]),
                    ]
                    for i, (project, entry) in enumerate(
                        zip(projects, entries, strict=True), start=1
                    )
                ],
                widths=[4, 32, 17, 9, 17, 15],
                right=(2, 3, 4),
            )

        suffix = "-interim" if interim else ""
        page.report_document = self.pdf(
            title,
            f"demo-plan-progress-{fy}-q{quarter}{suffix}.pdf",
            fill,
            subtitle=period,
        )
        published = self.report_published(fy, quarter, interim)
        self.publish(page, first=published, last=published)

    # -- 5.6 ----------------------------------------------------------------------

    def build_annual_report(self, page):
        data = self.content["annual_report"]
        fy = self.fy - 1
        fy_end = fiscal_year_bounds(fy)[1]
        specs = project_specs(self.content, fy, self.fy)
        strategies = self.content["development_plan"]["strategies"]
        total = ProgressSummary()
        results = []
        for strategy in strategies:
            summary = ProgressSummary()
            for spec in specs:
                if spec.strategy_key == strategy["key"]:
                    progress = project_progress(spec, fy, fy_end)
                    summary.add(spec, progress)
                    total.add(spec, progress)
            results.append(
                {
                    "type": "result",
                    "value": {
                        "topic": strategy["title"],
                        "result": f"{summary.describe()} ผลสำคัญ: {strategy['highlight']}",
                    },
                }
            )
        page.title = data["title"]
        page.fiscal_year = fy
        page.summary = _p(
            f"{self.org['name']} ดำเนินงานตามแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {fy} "
            f"(1 ตุลาคม {fy - 1} – 30 กันยายน {fy}) " + total.describe()
        )
        page.results = results
        page.assessment_findings = _p(*data["findings"])
        page.recommendations = [
            {"type": "recommendation", "value": r} for r in data["recommendations"]
        ]

        def fill(sheet):
            sheet.heading("สรุปผลการดำเนินงาน")
            sheet.paragraph(total.describe(), first_indent=40)
            sheet.heading("ผลการดำเนินงานรายยุทธศาสตร์")
            sheet.items(
                f"{r['value']['topic']}: {r['value']['result']}" for r in results
            )
            sheet.heading("ผลการประเมิน")
            sheet.items(data["findings"], numbered=False)
            sheet.heading("ข้อเสนอแนะเพื่อการปรับปรุง")
            sheet.items(
                f"{r['recommendation']} (ผู้รับผิดชอบ: {r['responsible']})"
                for r in data["recommendations"]
            )

        page.report_document = self.pdf(
            data["title"], f"demo-annual-report-{fy}.pdf", fill
        )
        first = _at(self.past(fy_end + timedelta(days=45), 0), 10)
        last = self.now - timedelta(days=LAST_UPDATED_DAYS_AGO["annual_report"])
        self.publish(page, first=first, last=max(first, last))

    # -- 5.8 and 5.9 --------------------------------------------------------------

    def build_operating_manuals(self, page):
        data = self.content["operating_manuals"]
        page.intro = _p(data["intro"])
        manuals = []
        for number, manual in enumerate(data["items"], start=1):
            year = self.fy - (number % 2)

            def fill(sheet, manual=manual):
                sheet.paragraph(f"หน่วยงานรับผิดชอบ: {manual['unit']}")
                sheet.heading("วัตถุประสงค์และขอบเขต")
                sheet.paragraph(manual["description"], first_indent=40)
                sheet.heading("ขั้นตอนการปฏิบัติงาน")
                sheet.items(manual["steps"])

            document = self.pdf(
                manual["title"],
                f"demo-operating-manual-{number:02d}.pdf",
                fill,
                subtitle=f"ฉบับปรับปรุง พ.ศ. {year}",
            )
            manuals.append(
                {
                    "type": "manual",
                    "value": {
                        "title": manual["title"],
                        "unit": manual["unit"],
                        "description": manual["description"],
                        "document": document.pk,
                        "year": year,
                    },
                }
            )
        page.manuals = manuals
        self.publish(page, "operating_manuals")

    def build_service_manuals(self, page):
        data = self.content["service_manuals"]
        channel_labels = dict(SERVICE_CHANNEL_CHOICES)
        page.intro = _p(data["intro"])
        services = []
        for number, service in enumerate(self.content["services"], start=1):
            fee_text = (
                "ไม่มีค่าธรรมเนียม"
                if service.get("no_fee")
                else format_baht(service["fee"])
            )

            def fill(sheet, service=service, fee_text=fee_text):
                sheet.paragraph(f"หน่วยงานที่ให้บริการ: {service['unit']}")
                sheet.paragraph(
                    "ช่องทางการให้บริการ: "
                    + ", ".join(str(channel_labels[c]) for c in service["channels"])
                )
                sheet.paragraph(f"ระยะเวลาดำเนินการรวม: {service['duration']}")
                sheet.paragraph(f"ค่าธรรมเนียม: {fee_text}")
                sheet.heading("ขั้นตอนการให้บริการ")
                sheet.table(
                    ["ที่", "ขั้นตอน", "ระยะเวลา"],
                    [
                        [i, text, duration]
                        for i, (text, duration) in enumerate(service["steps"], 1)
                    ],
                    widths=[5, 70, 20],
                )
                sheet.heading("เอกสารที่ต้องใช้")
                sheet.items(service["documents"])

            document = self.pdf(
                f"คู่มือสำหรับประชาชน: {service['name']}",
                f"demo-service-manual-{number:02d}.pdf",
                fill,
            )
            services.append(
                {
                    "type": "service",
                    "value": {
                        "name": service["name"],
                        "unit": service["unit"],
                        "steps": [
                            {"description": text, "duration": duration}
                            for text, duration in service["steps"]
                        ],
                        "duration": service["duration"],
                        "channels": service["channels"],
                        "no_fee": bool(service.get("no_fee")),
                        "fee": None if service.get("no_fee") else service["fee"],
                        "required_documents": service["documents"],
                        "manual": document.pk,
                    },
                }
            )
        page.services = services
        self.publish(page, "service_manuals")

    # -- home ---------------------------------------------------------------------

    def build_home(self, home, index, news_index):
        data = self.content["home"]
        links = [
            (index, "การเปิดเผยข้อมูลสาธารณะ (ITA) ครบทุกรายการตามเกณฑ์การประเมิน"),
            (
                ServiceManualsPage.objects.child_of(index).first(),
                "คู่มือสำหรับประชาชน: ขั้นตอน ระยะเวลา ค่าธรรมเนียม และเอกสาร",
            ),
            (news_index, "ข่าวประชาสัมพันธ์ล่าสุด"),
            (ContactPage.objects.descendant_of(index).first(), "ติดต่อเทศบาล"),
        ]
        home.title = self.org["name"]
        home.welcome = data["welcome"]
        home.body = (
            _p(data["intro"])
            + "<ul>"
            + "".join(
                f'<li><a linktype="page" id="{page.pk}">{escape(text)}</a></li>'
                for page, text in links
                if page is not None
            )
            + "</ul>"
            + f"<p><b>ข้อมูลสาธิต:</b> {escape(data['disclaimer'])}</p>"
        )
        self.publish(home, "home", unit=None)


def load_demo(reset: bool = False, port: int | None = None) -> DemoResult:
    return DemoLoader().run(reset=reset, port=port)
