from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel


class ResponsibleUnitQuerySet(models.QuerySet):
    def by_code(self):
        return {unit.code: unit for unit in self.exclude(code="")}

    def for_user(self, user):
        """The units whose staff group ``user`` belongs to ("my unit")."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(group__in=user.groups.all())


class ResponsibleUnit(models.Model):
    """A division or section that answers for a disclosure item (section 6)."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        blank=True,
        help_text=_(
            "Short English key that links this unit to the criteria set "
            "(for example clerk_office or finance). Leave blank for units "
            "you add yourself."
        ),
    )
    name = models.CharField(pgettext_lazy("responsible unit", "name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    head_position = models.CharField(
        _("head's position"),
        max_length=255,
        blank=True,
        help_text=_("For example ผู้อำนวยการกองคลัง"),
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("staff group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The Wagtail group of this unit's staff: its members see the unit's "
            "items under “my unit”, and get its reminders when the unit has "
            "no contact email."
        ),
    )

    objects = ResponsibleUnitQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("parent"),
        FieldPanel("head_position"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("group"),
        FieldPanel("code"),
    ]

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="ita_unique_responsible_unit_code",
            )
        ]

    def __str__(self):
        return self.name

    def reminder_recipients(self):
        """Where this unit's reminders go: its email, else its group's members."""
        if self.email:
            return [self.email]
        if self.group_id is None:
            return []
        from django.contrib.auth import get_user_model

        users = (
            get_user_model()
            .objects.filter(groups=self.group_id, is_active=True)
            .exclude(email="")
        )
        return sorted({user.email for user in users})

    @classmethod
    def seed(cls, units):
        """Create the units a criteria set names; never touches existing ones."""
        created = []
        by_code = cls.objects.by_code()
        for spec in units:
            if spec.code in by_code:
                continue
            unit = cls.objects.create(
                code=spec.code,
                name=spec.name_th,
                head_position=spec.head_position_th,
                parent=by_code.get(spec.parent) if spec.parent else None,
            )
            by_code[spec.code] = unit
            created.append(unit)
        return created
