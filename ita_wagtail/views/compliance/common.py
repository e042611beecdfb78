"""What the compliance admin views share: the site, the result, the links.

No scoring rules here: the numbers come from ``ita_wagtail.scoring``; this
module only decides which site a request is about, what the user may do, and
where each action's button points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail.models import Site
from wagtail.permissions import page_permission_policy

from ita_wagtail.models import ResponsibleUnit
from ita_wagtail.models.snapshots import VIEW_DASHBOARD_PERMISSION
from ita_wagtail.scoring import (
    ACTION_CREATE,
    ACTION_EDIT,
    ACTION_LINK,
    ACTION_PUBLISH,
    ACTION_REVIEW,
)

_RESULT_CACHE = "_ita_site_results"


def breadcrumbs(view, *, in_dashboard=True):
    """Home › ITA compliance › this screen (the slim header needs them for its
    filter and export buttons)."""
    from django.utils.translation import gettext_lazy as _

    items = list(view.breadcrumbs_items)
    if in_dashboard:
        items.append(
            {"url": reverse("ita_compliance:index"), "label": _("ITA compliance")}
        )
    items.append({"url": "", "label": view.get_page_title()})
    return items


def can_view_dashboard(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VIEW_DASHBOARD_PERMISSION))


class DashboardPermissionMixin:
    """Only users with the ``view_compliance_dashboard`` permission get in."""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def all_sites():
    return list(
        Site.objects.select_related("root_page").order_by(
            "-is_default_site", "hostname"
        )
    )


def site_for_request(request) -> Site | None:
    """The site a compliance view is about: ``?site=<id>``, else this host's."""
    requested = request.GET.get("site") or request.POST.get("site")
    if requested:
        try:
            return Site.objects.get(pk=int(requested))
        except (ValueError, Site.DoesNotExist):
            pass
    site = Site.find_for_request(request)
    if site is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site


def site_result(request, site):
    """The engine's result for ``site``: once per request, and kept between
    requests while nothing changes (see ``ita_wagtail.scoring.cache``)."""
    from ita_wagtail.scoring.cache import cached_evaluate_site

    results = request.__dict__.setdefault(_RESULT_CACHE, {})
    if site.pk not in results:
        results[site.pk] = cached_evaluate_site(site)
    return results[site.pk]


def editable_page_ids(user, page_ids) -> set[int]:
    """Which of ``page_ids`` ``user`` may edit, in one query."""
    page_ids = list(page_ids)
    if not page_ids:
        return set()
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    return set(editable.filter(pk__in=page_ids).values_list("pk", flat=True))


def addable_parent_ids(user, parent_ids) -> set[int]:
    """Which of ``parent_ids`` ``user`` may add pages under, in one query."""
    parent_ids = list(parent_ids)
    if not parent_ids:
        return set()
    allowed = page_permission_policy.instances_user_has_permission_for(user, "add")
    return set(allowed.filter(pk__in=parent_ids).values_list("pk", flat=True))


def user_unit_ids(user) -> set[int]:
    return set(ResponsibleUnit.objects.for_user(user).values_list("pk", flat=True))


def safe_next(request, fallback: str) -> str:
    """The ``next`` parameter if it stays on this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def review_url(page_id, next_url=None) -> str:
    url = reverse("ita_compliance:review", args=(page_id,))
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return url


@dataclass
class ActionLink:
    label: str
    url: str
    kind: str
    primary: bool = False


@dataclass
class Permissions:
    """What the current user may do, looked up once for a whole result."""

    editable: set = field(default_factory=set)
    addable: set = field(default_factory=set)

    @classmethod
    def for_result(cls, user, result):
        page_ids, parent_ids = set(), set()
        for item in result.items:
            for entry in [item, *item.parts]:
                for action in entry.actions:
                    if action.page_id:
                        page_ids.add(action.page_id)
                    if action.parent_page_id:
                        parent_ids.add(action.parent_page_id)
                page_ids.update(facts.id for facts in entry.pages)
        return cls(
            editable_page_ids(user, page_ids), addable_parent_ids(user, parent_ids)
        )

    def allows(self, action) -> bool:
        if action.kind == ACTION_CREATE:
            return action.parent_page_id in self.addable
        if action.kind in (ACTION_EDIT, ACTION_PUBLISH, ACTION_REVIEW):
            return action.page_id in self.editable
        return True


def action_url(action, next_url=None) -> str | None:
    if action.kind == ACTION_CREATE:
        app_label, model_name = action.model.split(".")
        return reverse(
            "wagtailadmin_pages:add",
            args=(app_label, model_name, action.parent_page_id),
        )
    if action.kind in (ACTION_EDIT, ACTION_PUBLISH):
        return reverse("wagtailadmin_pages:edit", args=(action.page_id,))
    if action.kind == ACTION_REVIEW:
        return review_url(action.page_id, next_url)
    if action.kind == ACTION_LINK:
        if action.url:
            return action.url
        if action.url_name:
            return reverse(action.url_name)
    return None


def action_links(actions, permissions: Permissions, next_url=None) -> list[ActionLink]:
    links = []
    for action in actions:
        if not permissions.allows(action):
            continue
        url = action_url(action, next_url)
        if url:
            links.append(
                ActionLink(str(action.label), url, action.kind, primary=not links)
            )
    return links
