"""Finding the site a command works on: ``--site`` as an id or a hostname."""

from django.core.management import CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site


def resolve_site(value):
    if value in (None, ""):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError(_("There is no default site; give one with --site."))
        return site
    query = Site.objects.filter(pk=int(value)) if str(value).isdigit() else None
    if query is None or not query.exists():
        query = Site.objects.filter(hostname=value)
    site = query.first()
    if site is None:
        raise CommandError(
            _("No site has the id or hostname %(site)s.") % {"site": value}
        )
    return site
