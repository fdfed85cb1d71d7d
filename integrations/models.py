"""Integration clients: the other systems (the phone system, a mail gateway) that call the REST
API, each with its own user, the departments it may log for and the endpoints it may call.

Keys come from djangorestframework-api-key: "<prefix>.<secret>", of which only the prefix and a
SHA-512 hash are stored; the key itself is shown once, when it is made
(integrations.services.integration_client_create)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

from .endpoints import endpoint_names


class IntegrationClientManager(BaseAPIKeyManager):
    def assign_key(self, obj: "IntegrationClient") -> str:
        """A new key for `obj`: sets its prefix and hash, returns the key (never stored).

        Unlike the library's APIKey, the primary key is a plain number, not "prefix.hash": the
        hash stays out of admin URLs, access logs and foreign keys."""
        key, prefix, hashed_key = self.key_generator.generate()
        obj.prefix = prefix
        obj.hashed_key = hashed_key
        return key

    def get_usable_keys(self) -> models.QuerySet:
        return super().get_usable_keys().select_related("user")


class IntegrationClient(AbstractAPIKey):
    id = models.BigAutoField(primary_key=True)
    name = models.CharField(
        _("name"),
        max_length=50,
        help_text=_("The system that uses the key, e.g. “phone system”."),
    )
    prefix = models.CharField(
        _("key prefix"),
        max_length=8,
        unique=True,
        editable=False,
        help_text=_("The key's first characters, to tell keys apart; not secret."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    revoked = models.BooleanField(
        _("revoked"),
        blank=True,
        default=False,
        help_text=_("A revoked key can no longer be used. This cannot be undone."),
    )
    expiry_date = models.DateTimeField(
        _("expires"),
        blank=True,
        null=True,
        help_text=_("From this moment on the key can no longer be used. Empty: never."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integration_client",
        editable=False,
        verbose_name=_("system user"),
        help_text=_("The user the system acts as; member of the group “system”."),
    )
    departments = models.ManyToManyField(
        "charter.Department",
        related_name="integration_clients",
        verbose_name=_("departments"),
        help_text=_("The departments it may log for."),
    )
    endpoints = models.JSONField(
        _("endpoints"),
        default=list,
        blank=True,
        help_text=_("The API endpoints it may call, as “<basename>-<action>”, e.g. “call-create”."),
    )
    last_used_at = models.DateTimeField(
        _("last used"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Updated at most once a minute."),
    )

    objects = IntegrationClientManager()

    class Meta:
        ordering = ("-created",)
        verbose_name = _("integration client")
        verbose_name_plural = _("integration clients")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        endpoints = self.endpoints
        if not isinstance(endpoints, list) or not all(isinstance(e, str) for e in endpoints):
            raise ValidationError({"endpoints": _("Give the endpoints as a list of names.")})
        unknown = sorted(set(endpoints) - endpoint_names())
        if unknown:
            raise ValidationError(
                {
                    "endpoints": _("There is no API endpoint “%(names)s”.")
                    % {"names": "”, “".join(unknown)}
                }
            )

    def is_usable(self, now=None) -> bool:
        """Not revoked, not expired, and its user still active."""
        now = now or timezone.now()
        expired = self.expiry_date is not None and self.expiry_date <= now
        return not self.revoked and not expired and self.user.is_active

    def may_call(self, endpoint: str | None) -> bool:
        return endpoint is not None and endpoint in self.endpoints


class IdempotentRequest(models.Model):
    """One create request sent with an `Idempotency-Key` header, and the response it got.

    The same key again from the same user, with the same body, gets this response replayed
    (integrations.idempotency); with another body, a 422. The unique constraint makes two
    concurrent requests with one key create once: the second waits for the first's
    transaction and replays its response. Purged after IDEMPOTENCY_KEY_TTL (a beat job)."""

    key = models.CharField(_("idempotency key"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    fingerprint = models.CharField(
        _("request fingerprint"), max_length=64, help_text=_("SHA-256 of the request body.")
    )
    status_code = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.BinaryField(_("response body"), null=True, blank=True)
    content_type = models.CharField(_("response content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]
        indexes = [
            # The purge (integrations.services.idempotency_purge).
            models.Index(fields=["created_at"], name="idempotency_created"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class PhoneExtension(models.Model):
    """A phone-system extension that is not a staff member's own `extension` (a shared line,
    a queue): the staff member its calls are counted for. Admin-editable. A staff member's own
    extension (charter.StaffMember.extension) needs no row here."""

    extension = models.CharField(_("extension"), max_length=20, unique=True)
    staff = models.ForeignKey(
        "charter.StaffMember",
        on_delete=models.CASCADE,
        related_name="phone_extensions",
        verbose_name=_("staff member"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["extension"]
        verbose_name = _("phone extension")
        verbose_name_plural = _("phone extensions")

    def __str__(self) -> str:
        return self.extension
