"""Admin for schedules and deliveries; registered from the app's ready()."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.models import Organisation

from . import services
from .models import BriefingSchedule, ReminderDelivery


class BriefingScheduleAdminForm(forms.ModelForm):
    recipient_kinds = forms.MultipleChoiceField(
        label=_("Organisations reminded"), choices=Organisation.Kind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = BriefingSchedule
        fields = [
            "municipality",
            "enabled",
            "meeting_weekday",
            "meeting_time",
            "reminder_hours_before",
            "send_summary",
            "recipient_kinds",
        ]


@admin.register(BriefingSchedule)
class BriefingScheduleAdmin(admin.ModelAdmin):
    form = BriefingScheduleAdminForm
    list_display = [
        "municipality",
        "enabled",
        "meeting_weekday",
        "meeting_time",
        "reminder_hours_before",
        "send_summary",
        "updated",
    ]
    list_filter = ["enabled", "meeting_weekday", "send_summary"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name"]
    raw_id_fields = ["municipality"]

    def save_model(self, request: HttpRequest, obj: BriefingSchedule, form, change: bool) -> None:
        services.schedule_save(schedule=obj, actor=request.user)


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "municipality",
        "iso_year",
        "iso_week",
        "kind",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "kind", "iso_year", "municipality"]
    list_select_related = ["user", "municipality"]
    search_fields = ["user__username", "user__email", "user__last_name", "municipality__name"]
    raw_id_fields = ["user", "municipality"]
    date_hierarchy = "due_at"
    actions = ["resend"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # deliveries are created by the dispatcher only

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a delivery's state changes only by sending or resending

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the record of what was sent is kept

    @admin.action(description=_("Send the selected failed reminders again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[ReminderDelivery]) -> None:
        resent = 0
        for delivery in queryset.filter(status=ReminderDelivery.Status.FAILED).select_related("municipality"):
            services.delivery_resend(delivery=delivery, actor=request.user)
            resent += 1
        self.message_user(
            request,
            ngettext("%(count)d reminder is being sent again.", "%(count)d reminders are being sent again.", resent)
            % {"count": resent},
            messages.SUCCESS,
        )
