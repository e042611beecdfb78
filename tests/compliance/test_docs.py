"""The documented scoring rules are the code's rules."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from ita_wagtail.scoring.describe import describe_rules, rules_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "compliance" / "scoring-rules.md"


def test_scoring_rules_page_is_generated_from_the_registry():
    assert DOC.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/compliance/scoring-rules.md is out of date: run "
        "`cd example_site && python manage.py ita_scoring_rules "
        "--output ../docs/compliance/scoring-rules.md`"
    )


def test_rules_name_every_item_and_say_what_serves_it():
    rules = describe_rules()
    assert [rule.code for rule in rules] == [f"5.{n}" for n in range(1, 12)]
    procurement = next(rule for rule in rules if rule.code == "5.7")
    kinds = {kind.kind: kind for part in procurement.parts for kind in part.kinds}
    assert all(kind.served for kind in kinds.values())
    # The plan and the records are scored from the register, the summary
    # from its page.
    assert kinds["procurement_plan"].evaluator.endswith(
        "procurement_evaluators.<locals>.plan"
    )
    assert kinds["procurement_records"].evaluator
    assert [t.name for t in kinds["procurement_summary"].page_types] == [
        "ProcurementSummaryPage"
    ]
    services = next(rule for rule in rules if rule.code == "5.9")
    [page_type] = services.parts[0].kinds[0].page_types
    assert page_type.name == "ServiceManualsPage"
    assert "the fee of every service, or “no fee”" in page_type.checks


def test_command_prints_the_same_text():
    out = StringIO()
    call_command("ita_scoring_rules", stdout=out)
    assert out.getvalue() == rules_markdown()
