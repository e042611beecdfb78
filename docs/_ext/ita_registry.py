"""Sphinx directives that render the criteria registry and the page types.

The reference tables are built from the code at every docs build, so they
cannot drift from it: a new item, page type, field or block shows up in the
docs without anyone editing a Markdown file.

``ita-criteria``
    Items of a criteria set (default: the configured one) with their group,
    what each must show, parts, kinds, responsible unit, year rule, required
    files, "if none, say so" rule, section of the measure, and a "to be
    confirmed against the NACC manual" mark with its reason where the file
    sets ``to_confirm``. ``:table: units`` lists the responsible units the set
    seeds instead, and ``:table: kinds`` maps each kind to its items and the
    page types serving it. ``:set: shipped`` renders every set the package
    ships, one section each (and, with ``:table: kinds``, one table of where
    each set uses each kind).

``ita-page-types``
    One section per ITA page type: mixin, verbose name, kind and item, where
    it may live in the page tree, and its content fields, StreamField blocks
    and child rows.

Both emit docutils nodes directly instead of generated reST, so Thai text,
asterisks or backticks in labels and help texts need no escaping.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

REPO_ROOT = Path(__file__).resolve().parents[2]


def setup_django() -> None:
    # The page types are Django models, so their metadata (fields, parent
    # rules, verbose names) only exists once the app registry is ready.
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


# ---------------------------------------------------------------------------
# Small node builders


def _text_nodes(value) -> list[nodes.Node]:
    if value is None:
        return []
    if isinstance(value, nodes.Node):
        return [value]
    if isinstance(value, list | tuple):
        result = []
        for part in value:
            result.extend(_text_nodes(part))
        return result
    return [nodes.Text(str(value))]


def para(*parts) -> nodes.paragraph:
    node = nodes.paragraph()
    node.extend(_text_nodes(list(parts)))
    return node


def code(text) -> nodes.literal:
    return nodes.literal(text=str(text))


def bullets(entries) -> nodes.bullet_list:
    """``entries``: paragraphs' contents, or (contents, nested bullet list)."""
    listing = nodes.bullet_list()
    for entry in entries:
        item = nodes.list_item()
        if (
            isinstance(entry, tuple)
            and len(entry) == 2
            and (entry[1] is None or isinstance(entry[1], nodes.bullet_list))
        ):
            item += para(entry[0])
            if entry[1] is not None:
                item += entry[1]
        else:
            item += para(entry)
        listing += item
    return listing


def _is_block(value) -> bool:
    # docutils counts a reference as a General (body) element too, but it
    # must sit inside a paragraph.
    return isinstance(value, nodes.Body) and not isinstance(value, nodes.Inline)


def _cell(value) -> nodes.entry:
    entry = nodes.entry()
    if _is_block(value):
        entry += value
    elif isinstance(value, list) and value and all(_is_block(v) for v in value):
        entry.extend(value)
    else:
        entry += para(value)
    return entry


def table(headers, rows, widths, classes=()) -> nodes.table:
    # "colwidths-given" makes the HTML writer emit the widths below, instead
    # of leaving the browser to squeeze short columns like the item code.
    node = nodes.table(classes=["ita-table", "colwidths-given", *classes])
    group = nodes.tgroup(cols=len(headers))
    node += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    header_row = nodes.row()
    for header in headers:
        header_row += _cell(header)
    head += header_row
    group += head
    body = nodes.tbody()
    for row in rows:
        body_row = nodes.row()
        for value in row:
            body_row += _cell(value)
        body += body_row
    group += body
    return node


def field_list(pairs) -> nodes.field_list:
    listing = nodes.field_list()
    for name, value in pairs:
        field = nodes.field()
        field += nodes.field_name(text=name)
        body = nodes.field_body()
        body += _cell(value).children
        field += body
        listing += field
    return listing


class RegistryDirective(SphinxDirective):
    def note_sources(self, *modules) -> None:
        # Rebuild the page when the code it is generated from changes;
        # Sphinx otherwise only watches the Markdown source.
        for module in modules:
            path = getattr(module, "__file__", None)
            if path:
                self.env.note_dependency(path)


# ---------------------------------------------------------------------------
# ita-criteria

#: The mark on every item, part or fact a set's file flags with ``to_confirm``.
TO_CONFIRM_TH = "ต้องตรวจสอบกับคู่มือ ป.ป.ช."
TO_CONFIRM_LABEL = f"{TO_CONFIRM_TH} (to be confirmed against the NACC manual)"

#: ``:set: shipped``: every set in the package's own ``sets/`` folder.
SHIPPED = "shipped"


def _criteria_set(key):
    from ita_wagtail.criteria import default_criteria_set, get_criteria_set

    return get_criteria_set(key) if key else default_criteria_set()


def _shipped_sets():
    """The sets ita-wagtail ships, oldest fiscal year first."""
    from ita_wagtail.criteria import BUILTIN_SETS_DIR, get_criteria_set
    from ita_wagtail.criteria.loading import load_criteria_set

    keys = [load_criteria_set(path).key for path in BUILTIN_SETS_DIR.glob("*.toml")]
    sets = [get_criteria_set(key) for key in keys]
    return sorted(sets, key=lambda s: (s.fiscal_year, s.key))


def _unit_label(criteria_set, code_):
    try:
        unit = criteria_set.unit(code_)
    except KeyError:
        return [code(code_)]
    return [f"{unit.name_en} ({unit.name_th}) ", code(code_)]


def _unit_name_th(criteria_set, code_):
    try:
        return criteria_set.unit(code_).name_th
    except KeyError:
        return code_


def _kinds_inline(kinds) -> list:
    result = []
    for index, kind in enumerate(kinds):
        if index:
            result.append(", ")
        result.append(code(kind))
    return result


def _to_confirm(entry, thai=False):
    """The "to be confirmed" mark with its reason, or ``None``."""
    reason = getattr(entry, "to_confirm", "")
    if not reason:
        return None
    node = nodes.paragraph(classes=["ita-to-confirm"])
    node += nodes.strong(text=TO_CONFIRM_TH if thai else TO_CONFIRM_LABEL)
    node += nodes.Text(f": {reason}")
    return node


def _files(entry) -> tuple[str, ...]:
    return tuple(getattr(entry, "files", ()) or ())


def _conditions_en(entry) -> list[nodes.paragraph]:
    """Required files, the "none" rule and the view, as the integrator reads them."""
    result = []
    files = _files(entry)
    if files:
        result.append(
            para("Files required: ", *_inline([code(f) for f in files], " and "))
        )
    if getattr(entry, "allows_none", False):
        text = getattr(entry, "none_text_th", "")
        result.append(
            para(
                "A declared absence counts",
                f": “{text}”" if text else "",
            )
        )
    view = getattr(entry, "view", "")
    if view:
        result.append(para("View: ", code(view)))
    return result


def _conditions_th(entry) -> list[nodes.paragraph]:
    result = []
    files = _files(entry)
    if files:
        names = " และ ".join(_FILE_NAMES_TH.get(f, f.upper()) for f in files)
        result.append(para(f"เผยแพร่เป็นไฟล์ {names}"))
    if getattr(entry, "allows_none", False):
        text = getattr(entry, "none_text_th", "")
        result.append(para(f"ถ้าไม่มี ให้ระบุว่า “{text}”" if text else "ถ้าไม่มี ให้ระบุว่าไม่มี"))
    return result


_FILE_NAMES_TH = {"pdf": "PDF", "xlsx": "Excel (.xlsx)", "csv": "CSV"}


def _elements(item, thai=False):
    """What the item must show, one bullet per element (Thai, with English)."""
    thai_elements = tuple(getattr(item, "elements_th", ()) or ())
    english = tuple(getattr(item, "elements_en", ()) or ())
    if not thai_elements and not english:
        return None
    listing = nodes.bullet_list()
    for index in range(max(len(thai_elements), len(english))):
        entry = nodes.list_item()
        if index < len(thai_elements):
            entry += para(thai_elements[index])
        if not thai and index < len(english):
            entry += para(nodes.emphasis(text=english[index]))
        listing += entry
    return listing


def _group(item, thai=False):
    group_th = getattr(item, "group_th", "")
    group_en = getattr(item, "group_en", "")
    if not (group_th or group_en):
        return None
    if thai:
        return para(f"หมวด: {group_th or group_en}")
    label = " — ".join(v for v in (group_en, group_th) if v)
    return para(f"Group: {label}")


def _scoring_en(criteria_set) -> str:
    if getattr(criteria_set, "all_or_nothing", False):
        text = (
            "Scoring: all or nothing (each item scores 100 when every element "
            "is there and in the right year, else 0)"
        )
    else:
        text = "Scoring: graded (present, complete and current)"
    pass_mark = getattr(criteria_set, "pass_mark", None)
    if pass_mark is not None:
        text += f"; pass mark {pass_mark}"
    return text + "."


def _page_types_by_kind():
    from ita_wagtail.models.index import disclosure_page_models

    by_kind: dict[str, list] = {}
    for model in disclosure_page_models():
        if model._meta.app_label == "ita_wagtail" and model.ita_kind:
            by_kind.setdefault(model.ita_kind, []).append(model)
    return by_kind


def _any_kind_page_types():
    """Page types whose pages answer any kind a set declares (generic documents)."""
    from ita_wagtail.models import index

    finder = getattr(index, "any_kind_page_models", None)
    if finder is None:
        return []
    return [model for model in finder() if model._meta.app_label == "ita_wagtail"]


def _criteria_for_kind(criteria_set, kind):
    """Every (item, part) a kind answers: format 2 allows several."""
    return criteria_set.criteria_for_kind(kind)


def _served_at(criteria_set, kind):
    """``O11, part summary (view monthly); O12 (view annual)`` for one kind."""
    result = []
    for item, part in _criteria_for_kind(criteria_set, kind):
        if result:
            result.append("; ")
        result.append(item.code)
        if part is not None:
            result += [", part ", code(part.code)]
        view = getattr(part or item, "view", "")
        if view:
            result += [" (view ", code(view), ")"]
    return result or "—"


class ItaCriteriaDirective(RegistryDirective):
    has_content = False
    option_spec = {
        "set": directives.unchanged,
        "table": lambda value: directives.choice(value, ("items", "units", "kinds")),
        "language": lambda value: directives.choice(value, ("en", "th")),
    }

    def run(self):
        setup_django()
        import ita_wagtail.criteria as criteria_module
        from ita_wagtail.criteria import criteria_set_paths

        self.note_sources(criteria_module)
        for path in criteria_set_paths():
            self.env.note_dependency(str(path))

        which = self.options.get("table", "items")
        thai = self.options.get("language") == "th"
        key = self.options.get("set")
        if key == SHIPPED:
            sets = _shipped_sets()
            if which == "kinds":
                return [self.kinds_across_sets(sets)]
            return [self.set_section(s, which, thai) for s in sets]
        return self.tables(_criteria_set(key), which, thai)

    def tables(self, criteria_set, which, thai, intro=True):
        if which == "units":
            return [
                self.units_table_th(criteria_set)
                if thai
                else self.units_table(criteria_set)
            ]
        if which == "kinds":
            return [self.kinds_table(criteria_set)]
        if thai:
            return [self.items_table_th(criteria_set)]
        result = []
        if intro:
            result.append(
                para(
                    "Criteria set ",
                    code(criteria_set.key),
                    f" (fiscal year B.E. {criteria_set.fiscal_year}): "
                    f"{criteria_set.title_en}",
                )
            )
        return [
            *result,
            para(_scoring_en(criteria_set)),
            self.items_table(criteria_set),
        ]

    def set_section(self, criteria_set, which, thai):
        """One set as a section of its own, so each gets a heading and an anchor."""
        ident = nodes.make_id(f"criteria-set-{criteria_set.key}-{which}")
        section = nodes.section(ids=[ident])
        section["names"].append(nodes.fully_normalize_name(ident))
        self.state.document.note_implicit_target(section, section)
        title = nodes.title()
        if thai:
            title += nodes.Text(f"{criteria_set.title_th} ")
            title += code(criteria_set.key)
        else:
            title += code(criteria_set.key)
            title += nodes.Text(
                f" — {criteria_set.title_en} (fiscal year {criteria_set.fiscal_year})"
            )
        section += title
        if criteria_set.source:
            section += para("ที่มา: " if thai else "Source: ", criteria_set.source)
        section.extend(self.tables(criteria_set, which, thai, intro=False))
        return section

    def items_table(self, criteria_set):
        with_elements = any(_elements(item) for item in criteria_set)
        with_section = any(item.section_ref for item in criteria_set)
        rows = []
        for item in criteria_set:
            title = [para(item.title_th), para(nodes.emphasis(text=item.title_en))]
            group = _group(item)
            if group is not None:
                title.append(group)
            mark = _to_confirm(item)
            if mark is not None:
                title.append(mark)
            if item.parts:
                parts = bullets([self.part_entry(part) for part in item.parts])
            else:
                parts = para("Kinds: ", *_kinds_inline(item.kinds))
            unit = [para(_unit_label(criteria_set, item.responsible_unit))]
            if item.reviewer:
                unit.append(para(f"Reviewer: {item.reviewer}"))
            row = [para(nodes.strong(text=item.code)), title]
            if with_elements:
                row.append(_elements(item) or "—")
            row += [
                parts,
                unit,
                [*_freshness_cell(item.freshness), *_conditions_en(item)],
            ]
            if with_section:
                row.append(item.section_ref or "—")
            rows.append(row)
        headers = ["Item", "Title (Thai / English)"]
        widths = [6, 22]
        if with_elements:
            headers.append("What it must show")
            widths.append(22)
        headers += ["Parts and kinds", "Default responsible unit", "Year rule"]
        widths += [22, 14, 16] if with_elements else [28, 18, 20]
        if with_section:
            headers.append("Section")
            widths.append(6)
        return table(headers, rows, widths=widths, classes=["ita-criteria"])

    def part_entry(self, part):
        head = [
            code(part.code),
            f" {part.title_en} — {part.title_th}",
            "" if part.required else " (optional)",
            "; kinds: ",
            *_kinds_inline(part.kinds),
            (f". Own rule: {part.freshness.describe_en()}" if part.freshness else ""),
        ]
        extras = [*_conditions_en(part)]
        mark = _to_confirm(part)
        if mark is not None:
            extras.append(mark)
        if not extras:
            return head
        nested = nodes.bullet_list()
        for extra in extras:
            entry = nodes.list_item()
            entry += extra
            nested += entry
        return (head, nested)

    def items_table_th(self, criteria_set):
        """The editors' version: what to publish, who answers for it, by when."""
        by_kind = _page_types_by_kind()
        any_kind = _any_kind_page_types()

        def page_types(kinds):
            models = [model for kind in kinds for model in by_kind.get(kind, [])]
            if not models:
                models = any_kind
            if not models:
                return "ยังไม่มี (อยู่ในแผนพัฒนา)"
            return _inline(
                [_translated(model._meta.verbose_name, "th") for model in models]
            )

        rows = []
        for item in criteria_set:
            what = [para(item.title_th)]
            group = _group(item, thai=True)
            if group is not None:
                what.append(group)
            elements = _elements(item, thai=True)
            if elements is not None:
                what.append(elements)
            mark = _to_confirm(item, thai=True)
            if mark is not None:
                what.append(mark)
            if item.parts:
                what.append(
                    bullets(
                        [
                            [
                                part.title_th,
                                "" if part.required else " (ไม่บังคับ)",
                                " — ",
                                nodes.emphasis(
                                    "", "", *_text_nodes(page_types(part.kinds))
                                ),
                                (
                                    f" ({part.freshness.describe_th()})"
                                    if part.freshness
                                    else ""
                                ),
                                *[f" {p.astext()}" for p in _conditions_th(part)],
                                (
                                    f" [{TO_CONFIRM_TH}]"
                                    if getattr(part, "to_confirm", "")
                                    else ""
                                ),
                            ]
                            for part in item.parts
                        ]
                    )
                )
                where = "ตามส่วนประกอบ"
            else:
                where = page_types(item.kinds)
            unit = [para(_unit_name_th(criteria_set, item.responsible_unit))]
            if item.reviewer:
                unit.append(para(f"ผู้ตรวจสอบ: {item.reviewer}"))
            rows.append(
                [
                    para(nodes.strong(text=item.code)),
                    what,
                    where,
                    unit,
                    [para(item.freshness.describe_th()), *_conditions_th(item)],
                ]
            )
        return table(
            ["ข้อ", "เรื่องที่ต้องเผยแพร่", "หน้าที่ใช้", "หน่วยงานรับผิดชอบ", "ความเป็นปัจจุบัน"],
            rows,
            widths=[6, 38, 18, 18, 20],
            classes=["ita-criteria"],
        )

    def units_table_th(self, criteria_set):
        names = {unit.code: unit.name_th for unit in criteria_set.units}
        rows = [
            [
                unit.name_th,
                unit.head_position_th,
                names.get(unit.parent, "—") if unit.parent else "—",
                code(unit.code),
            ]
            for unit in criteria_set.units
        ]
        return table(
            ["หน่วยงาน", "ตำแหน่งหัวหน้า", "สังกัด", "รหัส"],
            rows,
            widths=[30, 35, 20, 15],
            classes=["ita-units"],
        )

    def units_table(self, criteria_set):
        rows = [
            [
                code(unit.code),
                unit.name_th,
                unit.name_en,
                unit.head_position_th,
                code(unit.parent) if unit.parent else "—",
            ]
            for unit in criteria_set.units
        ]
        return table(
            ["Code", "Thai name", "English name", "Head's position", "Part of"],
            rows,
            widths=[14, 24, 24, 24, 14],
            classes=["ita-units"],
        )

    def served_by(self, kind, by_kind):
        models = by_kind.get(kind, [])
        if models:
            return _kinds_inline([model.__name__ for model in models])
        any_kind = _any_kind_page_types()
        if any_kind:
            names = ", ".join(model.__name__ for model in any_kind)
            return f"no page type of its own yet ({names} serves it)"
        return "no page type yet"

    def kinds_table(self, criteria_set):
        by_kind = _page_types_by_kind()
        rows = [
            [code(kind), _served_at(criteria_set, kind), self.served_by(kind, by_kind)]
            for kind in criteria_set.kinds()
        ]
        return table(
            ["Kind", "Item and part", "Page types serving it"],
            rows,
            widths=[25, 45, 30],
            classes=["ita-kinds"],
        )

    def kinds_across_sets(self, sets):
        """Each kind and where every shipped set uses it: what an item becomes."""
        by_kind = _page_types_by_kind()
        kinds: list[str] = []
        for criteria_set in sets:
            kinds.extend(k for k in criteria_set.kinds() if k not in kinds)
        rows = [
            [
                code(kind),
                *[_served_at(criteria_set, kind) for criteria_set in sets],
                self.served_by(kind, by_kind),
            ]
            for kind in kinds
        ]
        share = 60 // max(len(sets), 1)
        return table(
            ["Kind", *[[code(s.key)] for s in sets], "Page types serving it"],
            rows,
            widths=[20, *[share] * len(sets), 20],
            classes=["ita-kinds"],
        )


def _freshness_cell(rule) -> list[nodes.paragraph]:
    return [para(rule.describe_en()), para(rule.describe_th())]


# ---------------------------------------------------------------------------
# ita-page-types


def _translated(value, language) -> str:
    from django.utils import translation
    from django.utils.functional import Promise

    with translation.override(language):
        # Lazy labels from the models translate themselves; plain strings
        # (the role's text) go through the catalogue.
        if isinstance(value, Promise):
            return str(value)
        return translation.gettext(value)


def _section_id(model) -> str:
    return nodes.make_id(f"page-type-{model.__name__}")


def _page_models_in_tree_order():
    """ITA page types in the order of the tree ``ita_setup`` builds."""
    from ita_wagtail.models import BasicInformationPage, ItaIndexPage, NewsPage
    from ita_wagtail.models.index import disclosure_page_models

    wanted = [
        model
        for model in [*disclosure_page_models(), BasicInformationPage, NewsPage]
        if model._meta.app_label == "ita_wagtail"
    ]
    ordered = [ItaIndexPage]

    def walk(model):
        for child in model.allowed_subpage_models():
            if child in wanted and child not in ordered:
                ordered.append(child)
                walk(child)

    walk(ItaIndexPage)
    # Page types reachable only from a site's own pages still get documented.
    ordered.extend(model for model in wanted if model not in ordered)
    return ordered


def _mixin(model):
    from ita_wagtail.models import ItaPageMixin

    for base in model.__bases__:
        if issubclass(base, ItaPageMixin):
            return base
    return None


def _content_fields(model, skip=()):
    fields = []
    for field in model._meta.local_fields:
        if field.auto_created or not field.editable or field.name in skip:
            continue
        if field.remote_field and getattr(field.remote_field, "parent_link", False):
            continue
        fields.append(field)
    return fields


def _child_relations(model):
    from modelcluster.models import get_all_child_relations

    return [
        relation
        for relation in get_all_child_relations(model)
        if relation.related_model._meta.app_label == model._meta.app_label
    ]


def _required_state(model, field) -> str:
    """``"no"``, ``"publish"`` (a draft may lack it) or ``"always"``."""
    from wagtail.admin.panels import FieldPanel

    if field.blank:
        return "no"
    # Wagtail lets a draft be saved without some required fields; ask its own
    # FieldPanel which, rather than re-implementing the rule here.
    options = FieldPanel(field.name).bind_to_model(model).get_form_options()
    if field.name in options.get("defer_required_on_fields", []):
        return "publish"
    return "always"


def _inline(values, separator=", "):
    result = []
    for index, value in enumerate(values):
        if index:
            result.append(separator)
        result.extend(_text_nodes(value))
    return result


class Renderer:
    """Field and block descriptions for integrators (English) or editors (Thai).

    The English reference names fields and classes; the Thai one shows the
    labels an editor sees in the admin, taken from the Thai catalogue, so it
    matches the screen word for word.
    """

    REQUIRED = {
        "en": {"no": "No", "publish": "To publish", "always": "Always (drafts too)"},
        "th": {
            "no": "ไม่บังคับ",
            "publish": "ต้องกรอกก่อนเผยแพร่",
            "always": "ต้องกรอกเสมอ แม้บันทึกฉบับร่าง",
        },
    }

    def __init__(self, language: str):
        self.language = language
        self.thai = language == "th"

    def label(self, value) -> str:
        if self.thai:
            return _translated(value, "th")
        english, thai = _translated(value, "en"), _translated(value, "th")
        # The Thai label too, once the catalogue translates it.
        return english if thai == english else f"{english} / {thai}"

    def required(self, model, field) -> str:
        return self.REQUIRED[self.language][_required_state(model, field)]

    # -- fields --------------------------------------------------------------

    def field_type(self, field):
        from django.db import models
        from wagtail.fields import RichTextField, StreamField

        if self.thai:
            return self._thai_type(field)
        name = type(field).__name__
        if isinstance(field, models.ForeignKey):
            return [f"{name} → ", code(field.related_model._meta.label)]
        if isinstance(field, models.DecimalField):
            return (
                f"{name} ({field.max_digits} digits, {field.decimal_places} decimals)"
            )
        if isinstance(field, models.CharField) and field.max_length:
            return f"{name} (max. {field.max_length})"
        if isinstance(field, RichTextField | StreamField):
            return name
        return name

    def _thai_type(self, field):
        from django.db import models
        from wagtail.documents import get_document_model
        from wagtail.fields import RichTextField, StreamField
        from wagtail.images import get_image_model

        if isinstance(field, models.ForeignKey):
            target = field.related_model
            if target is get_document_model():
                return "เลือกเอกสารจากคลังเอกสาร หรืออัปโหลดใหม่"
            if target is get_image_model():
                return "เลือกรูปภาพจากคลังรูปภาพ หรืออัปโหลดใหม่"
            name = _translated(target._meta.verbose_name, "th")
            return f"เลือกจากรายการ ({name})"
        if field.choices:
            return "เลือกจากรายการ"
        if isinstance(field, StreamField):
            return "รายการ เพิ่มได้หลายรายการ แต่ละรายการมีช่องดังนี้"
        if isinstance(field, RichTextField):
            return "ข้อความจัดรูปแบบได้ (ตัวหนา ลิงก์ รายการ)"
        if isinstance(field, models.DecimalField):
            return "ตัวเลข"
        if isinstance(field, models.IntegerField):
            return "ตัวเลขจำนวนเต็ม"
        if isinstance(field, models.DateField):
            return "วันที่ (เลือกจากปฏิทิน)"
        if isinstance(field, models.EmailField):
            return "อีเมล"
        if isinstance(field, models.URLField):
            return "ลิงก์ (ขึ้นต้นด้วย https://)"
        if isinstance(field, models.TextField):
            return "ข้อความหลายบรรทัด"
        return "ข้อความ"

    def details(self, field):
        from wagtail.fields import StreamField

        result = []
        if self.thai:
            result.append(para(self._thai_type(field)))
        if isinstance(field, StreamField):
            if not self.thai:
                result.append(para("Blocks:"))
            result.append(
                bullets(
                    [
                        self.block_entry(name, block)
                        for name, block in field.stream_block.child_blocks.items()
                    ]
                )
            )
        if field.help_text:
            result.append(para(self.label(field.help_text)))
        if field.choices:
            result.append(para(self.choices_prefix(), *self.choices(field.choices)))
        default = self.default(field)
        if default:
            result.append(para(*default))
        return result or "—"

    def choices_prefix(self):
        return "ตัวเลือก: " if self.thai else "Choices: "

    def choices(self, choices):
        pairs = [(value, label) for value, label in choices if value != ""]
        if self.thai:
            return _inline([self.label(label) for _value, label in pairs])
        return _inline(
            [[code(value), f" {self.label(label)}"] for value, label in pairs]
        )

    def default(self, field):
        from django.db.models import NOT_PROVIDED

        value = field.default
        if value is NOT_PROVIDED or value in ("", None) or field.choices:
            return None
        if callable(value):
            if self.thai:
                return None
            return ["Default: ", code(f"{value.__module__}.{value.__name__}()")]
        return ["ค่าเริ่มต้น: " if self.thai else "Default: ", code(value)]

    # -- blocks --------------------------------------------------------------

    def block_entry(self, name, block):
        from wagtail import blocks

        label = self.label(block.label) if block.label else name
        if self.thai:
            head = [nodes.strong(text=label)]
        else:
            head = [code(name), f" {type(block).__name__}"]
            if block.label:
                head.append(f" — {label}")
        nested = None
        if isinstance(block, blocks.ListBlock):
            if self.thai:
                head.append(" (กรอกได้หลายรายการ")
                if block.meta.min_num:
                    head.append(f" อย่างน้อย {block.meta.min_num} รายการ")
                head.append(")")
            else:
                head[1] = f" list of {type(block.child_block).__name__}"
                if block.meta.min_num:
                    head.append(f" (at least {block.meta.min_num})")
            if isinstance(block.child_block, blocks.StructBlock):
                nested = self.struct_bullets(block.child_block)
        elif isinstance(block, blocks.StructBlock):
            nested = self.struct_bullets(block)
        elif isinstance(block, blocks.FieldBlock):
            if not block.required:
                head.append(" (ไม่บังคับ)" if self.thai else " (optional)")
            if isinstance(block, blocks.ChoiceBlock | blocks.MultipleChoiceBlock):
                choices = list(block.field.choices)
                if self.thai:
                    head += [": ", *self.choices(choices)]
                else:
                    head += [": ", *_inline([code(v) for v, _l in choices if v != ""])]
            if block.field.help_text:
                head.append(f" — {self.label(block.field.help_text)}")
        return (head, nested)

    def struct_bullets(self, block):
        return bullets(
            [
                self.block_entry(name, child)
                for name, child in block.child_blocks.items()
            ]
        )

    # -- tables --------------------------------------------------------------

    def fields_table(self, model, fields):
        if self.thai:
            rows = [
                [
                    nodes.strong(text=self.label(field.verbose_name)),
                    self.required(model, field),
                    self.details(field),
                ]
                for field in fields
            ]
            return table(
                ["ช่องข้อมูล", "ต้องกรอกหรือไม่", "วิธีกรอก"],
                rows,
                widths=[25, 20, 55],
                classes=["ita-fields"],
            )
        rows = [
            [
                code(field.name),
                self.label(field.verbose_name),
                self.field_type(field),
                self.required(model, field),
                self.details(field),
            ]
            for field in fields
        ]
        return table(
            ["Field", "Label", "Type", "Required", "Details"],
            rows,
            widths=[16, 18, 18, 12, 36],
            classes=["ita-fields"],
        )

    def child_rows(self, relation):
        child = relation.related_model
        plural = self.label(child._meta.verbose_name_plural)
        fields = _content_fields(child, skip={relation.field.name})
        if self.thai:
            heading = nodes.rubric(text=f"รายการย่อย: {plural}")
            intro = para("กรอกในหน้าเดียวกัน กดปุ่มเพิ่มเพื่อเพิ่มทีละรายการ แต่ละรายการมีช่องดังนี้")
        else:
            heading = nodes.rubric(
                text=f"Child rows: {relation.get_accessor_name()} ({child.__name__})"
            )
            intro = para(
                "Edited inline on the page; each row is a ",
                code(child.__name__),
                f" ({self.label(child._meta.verbose_name)}).",
            )
        return [heading, intro, self.fields_table(child, fields)]


def _model_ref(model, documented):
    if model not in documented:
        return code(model._meta.label)
    ref = nodes.reference("", "", internal=True, refid=_section_id(model))
    ref += code(model.__name__)
    return ref


def _refs(models, documented):
    return _inline([_model_ref(model, documented) for model in models])


def _criterion(model):
    from ita_wagtail.models import DisclosurePageMixin

    if issubclass(model, DisclosurePageMixin) and getattr(model, "ita_any_kind", False):
        return [
            "Any kind no structured page type serves, chosen per page in its ",
            code("kind"),
            " field; scored for the item (or part) of that kind.",
        ]
    if not (issubclass(model, DisclosurePageMixin) and model.ita_kind):
        return "No kind: groups or lists other pages and is not scored itself."
    found = model.ita_criterion()
    if found is None:
        return ["Kind ", code(model.ita_kind), ", not used by the active criteria set."]
    item, part = found
    result = ["Kind ", code(model.ita_kind), f" → item {item.code}"]
    if part:
        result += [", part ", code(part.code), f" ({part.title_en})"]
    else:
        result.append(f" ({item.title_en})")
    return result


def _parent_rule(model, documented):
    if getattr(model, "parent_page_types", None) is None:
        return (
            "Any page type whose own subpage rules allow it (usually the "
            "site's home page)."
        )
    return _refs(model.allowed_parent_page_models(), documented)


def _subpage_rule(model, documented):
    if getattr(model, "subpage_types", None) is None:
        return "Any page type."
    allowed = model.allowed_subpage_models()
    return _refs(allowed, documented) if allowed else "None."


def _model_option(value):
    return [name.strip() for name in value.split(",") if name.strip()]


class ItaPageTypesDirective(RegistryDirective):
    """All page types as sections, or ``:only:`` some of them as bare tables.

    ``:language: th`` renders the editors' version: Thai labels, no code names.
    """

    has_content = False
    option_spec = {
        "only": _model_option,
        "language": lambda value: directives.choice(value, ("en", "th")),
    }

    def run(self):
        setup_django()
        import ita_wagtail.blocks
        import ita_wagtail.models as models_package

        self.note_sources(ita_wagtail.blocks, models_package)
        for module_name, module in list(sys.modules.items()):
            if module_name.startswith("ita_wagtail.models."):
                self.note_sources(module)

        renderer = Renderer(self.options.get("language", "en"))
        page_models = _page_models_in_tree_order()
        only = self.options.get("only")
        if only:
            by_name = {model.__name__: model for model in page_models}
            unknown = [name for name in only if name not in by_name]
            if unknown:
                raise self.error(
                    f"ita-page-types: unknown page type(s) {', '.join(unknown)}; "
                    f"known: {', '.join(by_name)}"
                )
            result = []
            for name in only:
                result.extend(self.fields(by_name[name], renderer))
            return result
        return [self.section(model, page_models, renderer) for model in page_models]

    def fields(self, model, renderer):
        fields = _content_fields(model)
        result = []
        if fields:
            result.append(renderer.fields_table(model, fields))
        for relation in _child_relations(model):
            result.extend(renderer.child_rows(relation))
        return result

    def section(self, model, documented, renderer):
        section = nodes.section(ids=[_section_id(model)])
        section["names"].append(nodes.fully_normalize_name(model.__name__))
        self.state.document.note_implicit_target(section, section)
        title = nodes.title()
        title += code(model.__name__)
        section += title

        mixin = _mixin(model)
        section += field_list(
            [
                ("Mixin", code(mixin.__name__) if mixin else "—"),
                ("Verbose name", renderer.label(model._meta.verbose_name)),
                ("Serves", _criterion(model)),
                (
                    "Slug from ita_setup",
                    code(model.ita_slug)
                    if getattr(model, "ita_slug", "")
                    else (
                        "From the kind (e_service → e-service)"
                        if getattr(model, "ita_any_kind", False)
                        else "—"
                    ),
                ),
                ("Template", code(model.template)),
                ("Allowed parents", _parent_rule(model, documented)),
                ("Allowed subpages", _subpage_rule(model, documented)),
                (
                    "Per parent",
                    "At most one"
                    if getattr(model, "max_count_per_parent", None) == 1
                    else "Any number",
                ),
            ]
        )
        section += nodes.rubric(text="Content fields")
        content = self.fields(model, renderer)
        if content:
            section.extend(content)
        else:
            section += para("Only the standard page fields (title, slug, …).")
        return section


def ita_label_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{ita-label}`Publish``` → the admin's Thai label, with the English one.

    Reads the same catalogues as the admin (ita-wagtail's, Wagtail's,
    Django's), so the editors' guide names buttons and fields exactly as the
    screen shows them, and still reads sensibly where a string is untranslated.
    """
    setup_django()
    thai = _translated(text, "th")
    label = f"“{thai}”" if thai == text else f"“{thai}” ({text})"
    return [nodes.inline(rawtext, label, classes=["ita-label"])], []


def setup(app):
    app.add_role("ita-label", ita_label_role)
    app.add_directive("ita-criteria", ItaCriteriaDirective)
    app.add_directive("ita-page-types", ItaPageTypesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
