import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """Interface text in English, so assertions hold before and after the Thai
    catalogue has the procurement strings; Thai data (form headings, month
    names, B.E. dates, file headers) is Thai in any language."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.com", "password"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def finance_user(username="finance", *codenames, with_import=True):
    """A กองคลัง editor: admin access plus the procurement permissions named."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw"
    )
    group = Group.objects.create(name=f"กองคลัง {username}")
    names = ["access_admin", *codenames]
    if with_import:
        names.append("import_procurement")
    group.permissions.set(Permission.objects.filter(codename__in=names))
    user.groups.add(group)
    return user


@pytest.fixture
def finance_editor(db):
    return finance_user(
        "finance",
        "add_procurement",
        "change_procurement",
        "delete_procurement",
        "view_procurement",
    )


@pytest.fixture
def editor_without_import(db):
    return finance_user(
        "clerk",
        "add_procurement",
        "change_procurement",
        "view_procurement",
        with_import=False,
    )
