"""Reminders reach the unit responsible for an OIT item page.

The demo municipality answers every OIT 2569 item with its own page type.
When the current fiscal year's anti-corruption plan (O23) and HR plan (O13)
are taken offline, the next reminders tell the units that keep them, each
naming its item, and nobody else.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from ita_wagtail.models import AntiCorruptionPlanPage, HrPlanPage
from ita_wagtail.reminders import unit_reminders
from ita_wagtail.thai import fiscal_year, today

pytestmark = pytest.mark.django_db


def overdue_items(site):
    return {
        (reminder.unit.code, entry.item_code)
        for reminder in unit_reminders(site)
        for entry in reminder.overdue
    }


def test_an_oit_page_taken_offline_reminds_the_unit_that_keeps_it():
    call_command("ita_load_demo", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    fy = fiscal_year(today())
    before = overdue_items(site)
    assert not {code for _unit, code in before} & {"O13", "O23"}

    plan = AntiCorruptionPlanPage.objects.live().get(fiscal_year=fy)
    hr_plan = HrPlanPage.objects.live().get(fiscal_year=fy)
    units = {
        "O23": plan.get_responsible_unit().code,
        "O13": hr_plan.get_responsible_unit().code,
    }
    plan.unpublish()
    hr_plan.unpublish()

    after = overdue_items(site)
    assert after - before == {(unit, code) for code, unit in units.items()}
