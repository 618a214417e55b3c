"""Admin for tips: read-mostly. Contact details never appear in lists and
only in a collapsed section of a tip's page; opening a tip is audited."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.delivery_admin import DeliveryAdmin
from portal.services import audit_record

from .models import ReplyTemplate, Tip, TipErasure, TipMessage, TipNotification, TipNotificationDelivery, TipPhoto


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TipMessageInline(ReadOnlyInline):
    model = TipMessage
    fields = ["created", "sender", "author", "body"]
    readonly_fields = fields


class TipPhotoInline(ReadOnlyInline):
    model = TipPhoto
    fields = ["created", "width", "height", "size"]
    readonly_fields = fields


class TipErasureInline(ReadOnlyInline):
    model = TipErasure
    fields = ["erased_at", "fields", "photos", "messages", "retention_days"]
    readonly_fields = fields


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "municipality",
        "created",
        "status",
        "channel",
        "category",
        "place",
        "personal_data_erased_at",
    ]
    list_filter = [
        "status",
        "channel",
        "municipality",
        "category",
        ("personal_data_erased_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["municipality", "category", "place"]
    search_fields = ["=id", "registry_number"]
    date_hierarchy = "created"
    raw_id_fields = ["place", "confidentiality_reviewed_by", "registered_by"]
    inlines = [TipMessageInline, TipPhotoInline, TipErasureInline]
    fieldsets = [
        (None, {"fields": ["municipality", "status", "close_reason", "close_note", "channel", "category", "place"]}),
        (_("Content"), {"fields": ["description", "where_text", "when_text", "knowledge"]}),
        (
            _("Contact details"),
            {
                "classes": ["collapse"],
                "description": _("Open only when you need to contact the resident."),
                "fields": ["contact_name", "contact_email", "contact_phone"],
            },
        ),
        (
            _("Handling"),
            {
                "fields": [
                    "registry_number",
                    "confidentiality_reviewed_by",
                    "confidentiality_reviewed_at",
                    "registered_by",
                    "created",
                    "closed_at",
                    "resident_replied_at",
                    "personal_data_erased_at",
                ]
            },
        ),
    ]
    readonly_fields = [
        "municipality",
        "status",
        "close_reason",
        "close_note",
        "channel",
        "category",
        "place",
        "description",
        "where_text",
        "when_text",
        "knowledge",
        "contact_name",
        "contact_email",
        "contact_phone",
        "registry_number",
        "confidentiality_reviewed_by",
        "confidentiality_reviewed_at",
        "registered_by",
        "created",
        "closed_at",
        "resident_replied_at",
        "personal_data_erased_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Retention erases personal data; the tip's facts stay for statistics.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        tip = self.get_object(request, object_id)
        if tip is not None:
            audit_record(actor=request.user, action="tip.viewed_in_admin", municipality=tip.municipality, obj=tip)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(TipNotification)
class TipNotificationAdmin(admin.ModelAdmin):
    list_display = ["tip", "created", "expanded_at", "recipients"]
    list_filter = [("expanded_at", admin.EmptyFieldListFilter), "tip__municipality"]
    list_select_related = ["tip"]
    search_fields = ["=tip__id"]
    readonly_fields = ["tip", "created", "expanded_at", "recipients"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TipNotificationDelivery)
class TipNotificationDeliveryAdmin(DeliveryAdmin):
    """A coordinator's copy of a new-tip notification; failed ones can be resent."""

    list_display = ["notification", "user", *DeliveryAdmin.delivery_fields]
    list_filter = ["status", "notification__tip__municipality"]
    list_select_related = ["notification__tip", "user"]
    raw_id_fields = ["notification", "user"]


@admin.register(TipErasure)
class TipErasureAdmin(admin.ModelAdmin):
    list_display = ["tip", "erased_at", "fields", "photos", "messages", "retention_days"]
    list_filter = ["tip__municipality"]
    list_select_related = ["tip"]
    search_fields = ["=tip__id"]
    date_hierarchy = "erased_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["municipality"]
