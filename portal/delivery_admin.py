"""The admin of any `Delivery` subclass: read-only rows, filter by status,
and a resend action for failed ones (the subclass's admin names the task
that sends a list of ids)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import delivery


class DeliveryAdmin(admin.ModelAdmin):
    delivery_fields = ["status", "attempts", "next_attempt_at", "last_error", "sent_at"]
    actions = ["resend"]
    send_task = None  # a Celery task taking a list of delivery ids

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed e-mails again"))
    def resend(self, request, queryset) -> None:
        resent = [row.pk for row in queryset.filter(status=delivery.DeliveryStatus.FAILED) if delivery.resend(row)]
        if resent:
            task = self.send_task
            transaction.on_commit(lambda: task.delay(resent))
        self.message_user(
            request,
            ngettext("%(count)d e-mail is being sent again.", "%(count)d e-mails are being sent again.", len(resent))
            % {"count": len(resent)},
            messages.SUCCESS,
        )
