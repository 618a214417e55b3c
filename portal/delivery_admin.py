"""The admin of any `Delivery` subclass: read-only rows, filter by status,
and a resend action for failed ones (the model queues them: `Delivery.queue`)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import delivery


class DeliveryAdmin(admin.ModelAdmin):
    delivery_fields = ["status", "attempts", "next_attempt_at", "last_error", "sent_at"]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed e-mails again"))
    def resend(self, request, queryset) -> None:
        resent = delivery.resend(self.model, queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d e-mail is being sent again.", "%(count)d e-mails are being sent again.", len(resent))
            % {"count": len(resent)},
            messages.SUCCESS,
        )
