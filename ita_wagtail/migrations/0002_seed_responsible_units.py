from django.db import migrations

# The units section 6 of the B.E. 2562 measure names; frozen here so the
# migration does not change when the criteria registry does.
UNITS = [
    ("clerk_office", "สำนักปลัดเทศบาล", "หัวหน้าสำนักปลัดเทศบาล", None),
    ("finance", "กองคลัง", "ผู้อำนวยการกองคลัง", None),
    ("engineering", "กองช่าง", "ผู้อำนวยการกองช่าง", None),
    ("education", "กองการศึกษา", "ผู้อำนวยการกองการศึกษา", None),
    (
        "public_health",
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม",
        None,
    ),
    ("legal", "งานนิติการ", "หัวหน้างานนิติการ", "clerk_office"),
]


def seed_units(apps, schema_editor):
    ResponsibleUnit = apps.get_model("ita_wagtail", "ResponsibleUnit")
    by_code = {}
    for code, name, head_position, parent in UNITS:
        unit, _created = ResponsibleUnit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "head_position": head_position,
                "parent": by_code.get(parent),
            },
        )
        by_code[code] = unit


class Migration(migrations.Migration):
    dependencies = [("ita_wagtail", "0001_initial")]

    operations = [migrations.RunPython(seed_units, migrations.RunPython.noop)]
