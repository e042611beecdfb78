"""Cases: complaints, suggestions and corruption complaints, and their handling.

A case is what a citizen sends through a complaint page (or what staff record
from a phone call or a letter). Citizens follow it with a tracking code;
staff assign it to a unit, keep internal notes and write the public reply.
The complainant's details and attachments are personal data: only users with
``ita_wagtail.view_case_personal_data`` see them, and every look is logged
in :class:`PersonalDataAccess`.
"""

import hmac
import os
import re
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ita_wagtail import thai

from ..base import PAGE_MODEL_NAME
from ..units import ResponsibleUnit
from .settings import channel_settings
from .storage import get_case_attachment_storage

PERSONAL_DATA_PERMISSION = "ita_wagtail.view_case_personal_data"
CORRUPTION_PERMISSION = "ita_wagtail.view_corruption_case"

# Crockford's base 32: no I, L, O or U, so a code read out over the phone or
# copied by hand survives the usual confusions (see normalise_tracking_code).
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_CODE_LENGTH = 12  # 60 bits from secrets: not guessable, not sequential
_CODE_CONFUSIONS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_tracking_code():
    raw = "".join(
        secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH)
    )
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_tracking_code(text):
    """``"k7qm 4tzx-9hrp"`` → ``"K7QM-4TZX-9HRP"``; None when it cannot be a code."""
    cleaned = thai.to_arabic_digits(str(text or "")).upper().translate(_CODE_CONFUSIONS)
    cleaned = re.sub(r"[^0-9A-Z]", "", cleaned)
    if len(cleaned) != TRACKING_CODE_LENGTH or any(
        char not in TRACKING_ALPHABET for char in cleaned
    ):
        return None
    return f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"


def normalise_phone(text):
    """Digits only, Thai digits and +66 folded: ``"+66 81-234-5678"`` → ``"0812345678"``."""
    digits = re.sub(r"\D", "", thai.to_arabic_digits(str(text or "")))
    if digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def local_date(value):
    """The Bangkok calendar date of a stored datetime."""
    if value is None:
        return None
    if timezone.is_aware(value):
        return value.astimezone(thai.BANGKOK).date()
    return value.date()


def local_midnight(day):
    """The first instant of a Bangkok calendar day, as the database compares it."""
    moment = datetime.combine(day, time.min)
    if settings.USE_TZ:
        return moment.replace(tzinfo=thai.BANGKOK)
    return moment


def can_view_personal_data(user):
    return bool(user and user.has_perm(PERSONAL_DATA_PERMISSION))


def can_view_corruption_cases(user):
    return bool(user and user.has_perm(CORRUPTION_PERMISSION))


class CaseCategory(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    CORRUPTION = "corruption", _("Corruption or misconduct")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", pgettext_lazy("case status", "In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS)


class CaseChannel(models.TextChoices):
    WEBSITE = "website", _("Website")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail")
    SOCIAL_MEDIA = "social_media", _("Social media (Line, Facebook)")
    COMPLAINT_BOX = "complaint_box", _("Complaint box")
    OTHER = "other", _("Other")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Corruption complaints only for the few users allowed to handle them."""
        if can_view_corruption_cases(user):
            return self
        return self.exclude(category=CaseCategory.CORRUPTION)

    def for_site(self, site):
        return self if site is None else self.filter(site=site)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or thai.today())

    def received_between(self, first_day, last_day):
        """Received on Bangkok calendar days ``first_day`` to ``last_day`` inclusive."""
        return self.filter(
            received_at__gte=local_midnight(first_day),
            received_at__lt=local_midnight(last_day + timedelta(days=1)),
        )

    def lookup(self, code, contact=""):
        """The case a citizen asks about, or None: the same None for every miss.

        When the case has a phone number or an e-mail address, ``contact``
        must match one of them, so that a code seen over someone's shoulder
        is not enough.
        """
        normalised = normalise_tracking_code(code)
        case = self.filter(tracking_code=normalised).first() if normalised else None
        if case is None or not case.contact_matches(contact):
            return None
        return case


class Case(models.Model):
    tracking_code = models.CharField(
        _("tracking code"), max_length=20, unique=True, editable=False
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        PAGE_MODEL_NAME,
        verbose_name=_("received through page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=CaseCategory.choices,
        default=CaseCategory.COMPLAINT,
    )
    channel = models.CharField(
        _("received through"),
        max_length=20,
        choices=CaseChannel.choices,
        default=CaseChannel.WEBSITE,
    )
    subject = models.CharField(_("subject"), max_length=200)
    details = models.TextField(_("details"))
    location = models.CharField(
        _("location"),
        max_length=255,
        blank=True,
        help_text=_("Where it happens: village, road, landmark."),
    )
    respondent = models.CharField(
        _("person or office complained about"),
        max_length=255,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.RECEIVED,
        db_index=True,
    )
    unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_date = models.DateField(
        _("due date"),
        blank=True,
        help_text=_("Left empty, the target duration of the site's settings is used."),
    )
    public_reply = models.TextField(
        _("reply to the citizen"),
        blank=True,
        help_text=_(
            "Shown on the status page to whoever has the tracking code, and "
            "e-mailed when the citizen gave an address. Never write the "
            "complainant's or anyone else's personal details here."
        ),
    )
    replied_at = models.DateTimeField(_("reply last changed"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    # Personal data (PDPA): optional, never required to file a case.
    contact_name = models.CharField(_("complainant's name"), max_length=255, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    personal_data_purged_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True, editable=False
    )

    objects = CaseQuerySet.as_manager()

    PERSONAL_FIELDS = ("contact_name", "contact_phone", "contact_email")
    #: Shown only with the personal-data permission, each look logged: the
    #: complainant's details and the person complained about.
    PERSONAL_DATA_FIELDS = (*PERSONAL_FIELDS, "respondent")
    #: Citizen-written texts, removed with the personal data at the end of
    #: retention: people write names and addresses into them.
    FREE_TEXT_FIELDS = ("subject", "details", "location", "respondent", "public_reply")

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("complaints and suggestions")
        ordering = ["-received_at"]
        permissions = [
            (
                "view_case_personal_data",
                "Can see complainants' personal data and attachments",
            ),
            (
                "view_corruption_case",
                "Can see and handle corruption and misconduct complaints",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="ita_case_status_due"),
            models.Index(fields=["received_at"], name="ita_case_received"),
        ]

    def __str__(self):
        # Only the code: Wagtail's audit log keeps this label for ever, and
        # the subject may name people.
        return self.tracking_code or str(_("New case"))

    # -- life cycle ---------------------------------------------------------

    def save(self, *args, **kwargs):
        now = timezone.now()
        if not self.due_date:
            self.due_date = self.default_due_date()
        if self.answered_at is None and self.counts_as_answered:
            self.answered_at = now
        if self.status == CaseStatus.CLOSED:
            self.closed_at = self.closed_at or now
        else:
            self.closed_at = None
        if self.pk or self.tracking_code:
            return super().save(*args, **kwargs)
        # A collision among 2^60 codes is unlikely, not impossible.
        for _attempt in range(5):
            self.tracking_code = new_tracking_code()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Case.objects.filter(tracking_code=self.tracking_code).exists():
                    raise
        raise IntegrityError("Could not find a free tracking code")

    def default_due_date(self):
        received = local_date(self.received_at or timezone.now())
        days = channel_settings(self.site).target_days_for(self.category)
        return received + timedelta(days=days)

    def clean(self):
        super().clean()
        if self.status == CaseStatus.ANSWERED and not self.public_reply.strip():
            raise ValidationError(
                {
                    "status": _(
                        "Write the reply to the citizen before marking the case "
                        "answered."
                    )
                }
            )

    @property
    def counts_as_answered(self):
        """The municipality's answer is out: answered, or closed with a reply.

        An interim reply on an open case ("passed to the engineering
        division") is not an answer: the clock keeps running.
        """
        if self.status == CaseStatus.ANSWERED:
            return True
        return self.status == CaseStatus.CLOSED and bool(self.public_reply.strip())

    def record_reply(self, text, now=None):
        """Set the public reply; True when it changed (and must be e-mailed)."""
        previous = self.public_reply
        self.public_reply = (text or "").strip()
        return self.reply_changed_since(previous, now)

    def reply_changed_since(self, previous, now=None):
        """Stamp the reply's time if it differs from ``previous``; True if so."""
        self.public_reply = (self.public_reply or "").strip()
        if self.public_reply == (previous or "").strip():
            return False
        self.replied_at = now or timezone.now()
        return True

    # -- what staff and citizens see ------------------------------------------

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or thai.today())

    @property
    def received_on(self):
        return local_date(self.received_at)

    @property
    def answered_on(self):
        return local_date(self.answered_at)

    @property
    def days_to_answer(self):
        if self.answered_at is None:
            return None
        return (self.answered_on - self.received_on).days

    @property
    def answered_within_target(self):
        if self.answered_at is None:
            return None
        return self.answered_on <= self.due_date

    @property
    def is_anonymous(self):
        return not (self.contact_phone or self.contact_email)

    @property
    def is_purged(self):
        return self.personal_data_purged_at is not None

    def has_personal_data(self):
        if any(getattr(self, name) for name in self.PERSONAL_DATA_FIELDS):
            return True
        return self.pk is not None and self.attachments.exists()

    def contact_matches(self, contact):
        """Whether ``contact`` is this case's phone or e-mail (or none is needed)."""
        if self.is_anonymous:
            return True
        given = str(contact or "").strip()
        if not given:
            return False
        matched = False
        if self.contact_email:
            matched |= hmac.compare_digest(
                given.casefold().encode(),
                self.contact_email.strip().casefold().encode(),
            )
        if self.contact_phone:
            phone = normalise_phone(given)
            matched |= bool(phone) and hmac.compare_digest(
                phone.encode(), normalise_phone(self.contact_phone).encode()
            )
        return matched

    def is_visible_to(self, user):
        return self.category != CaseCategory.CORRUPTION or can_view_corruption_cases(
            user
        )

    # -- retention -----------------------------------------------------------

    def purge_personal_data(self, now=None):
        """Remove the complainant's details, attachments, notes and texts.

        What stays: code, category, channel, status, unit and dates, which is
        all the statistics need and proves the case was handled.
        """
        now = now or timezone.now()
        with transaction.atomic():
            for name in (*self.PERSONAL_FIELDS, *self.FREE_TEXT_FIELDS):
                setattr(self, name, "")
            self.personal_data_purged_at = now
            self.save()
            for attachment in self.attachments.all():
                attachment.delete()
            self.notes.all().delete()


#: The types an attachment can have (read from its bytes when it was
#: received) and the extension its downloads are named with.
ATTACHMENT_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def attachment_upload_to(instance, filename):
    # A random name: the citizen's file name may carry their name, and a
    # guessable path would help nobody but an attacker.
    extension = os.path.splitext(filename)[1].lower()
    stamp = timezone.now()
    return f"ita_cases/{stamp:%Y/%m}/{secrets.token_hex(16)}{extension}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"),
        storage=get_case_attachment_storage,
        upload_to=attachment_upload_to,
        max_length=255,
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/") and self.is_known_type

    @property
    def is_known_type(self):
        return self.content_type in ATTACHMENT_EXTENSIONS

    @property
    def download_name(self):
        """The citizen's file name with the extension of the type found in it.

        A PDF named ``evil.html`` downloads as ``evil.pdf``, a PNG named
        ``photo.svg`` as ``photo.png``: the browser and the desktop open a
        file by its name, and the name must not promise another type.
        """
        stem = os.path.splitext(self.original_name or "")[0].strip() or "attachment"
        return stem + ATTACHMENT_EXTENSIONS.get(self.content_type, ".bin")


@receiver(post_delete, sender=CaseAttachment)
def _delete_attachment_file(sender, instance, **kwargs):
    # After commit: a rolled-back delete must not have lost the file.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class CaseNote(models.Model):
    """An internal note: never shown to the citizen, kept in order of writing."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept apart from the foreign key so the note still says who wrote it
    # after the account is removed.
    author_name = models.CharField(_("author's name"), max_length=255, blank=True)
    text = models.TextField(_("text of the note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author_name} {self.created_at:%Y-%m-%d %H:%M}"


class PersonalDataAccess(models.Model):
    """Who saw which complainant's personal data, and when (PDPA breach duty)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the case's personal data")
        ATTACHMENT = "attachment", _("Downloaded an attachment")
        EXPORT = "export", _("Exported cases with personal data")
        PURGE = "purge", _("Removed the personal data")

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses",
    )
    # Copied so that the log still reads after a case or an account is deleted.
    tracking_code = models.CharField(_("tracking code"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField(_("user name"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    client_address = models.GenericIPAddressField(
        _("client address"), null=True, blank=True
    )
    accessed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-accessed_at", "-pk"]

    def __str__(self):
        return f"{self.user_name} · {self.get_action_display()} · {self.tracking_code}"

    @classmethod
    def record(cls, user, action, case=None, detail="", client_address=None):
        return cls.objects.create(
            case=case,
            tracking_code=case.tracking_code if case else "",
            user=user if user and user.is_authenticated else None,
            user_name=_user_label(user),
            action=action,
            detail=detail[:255],
            client_address=client_address or None,
        )


def _user_label(user):
    if not user or not user.is_authenticated:
        return ""
    full_name = user.get_full_name().strip()
    username = user.get_username()
    return f"{full_name} ({username})" if full_name else username
