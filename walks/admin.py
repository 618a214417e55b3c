"""Admin for walks: read-mostly, for support. Changes go through the
officials' pages (and so through the services); the one admin action,
retiring a walk's residents' link, calls its service."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.delivery_admin import DeliveryAdmin

from . import services
from .models import Finding, FindingPhoto, Walk, WalkFollower, WalkFollowerDelivery, WalkStop


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class WalkStopInline(ReadOnlyInline):
    model = WalkStop
    fields = ["position", "place"]
    readonly_fields = fields


class FindingInline(ReadOnlyInline):
    model = Finding
    fields = ["created", "kind", "place", "category", "owner", "source", "action", "is_public"]
    readonly_fields = fields


@admin.register(Walk)
class WalkAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "kind", "starts_at", "status", "report_published_at"]
    list_filter = ["kind", "status", "municipality", ("report_published_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "meeting_point", "municipality__name"]
    list_select_related = ["municipality"]
    raw_id_fields = ["municipality", "meeting_place", "hot_spot", "commitment", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [WalkStopInline, FindingInline]
    actions = ["retire_resident_link"]
    readonly_fields = ["status", "held_at", "counted_update", "report_published_at", "created_by", "created"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Retire the residents' link (give a new one)"))
    def retire_resident_link(self, request, queryset) -> None:
        for walk in queryset:
            services.walk_retire_resident_link(actor=request.user, walk=walk)


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["id", "walk", "kind", "place", "owner", "source", "created"]
    list_filter = ["kind", "source", "walk__municipality", "category"]
    search_fields = ["description", "walk__title", "place__name"]
    list_select_related = ["walk", "place", "owner"]
    raw_id_fields = ["walk", "place", "category", "owner", "author", "action", "observation"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FindingPhoto)
class FindingPhotoAdmin(admin.ModelAdmin):
    list_display = ["id", "finding", "width", "height", "size", "is_public", "created"]
    list_filter = ["is_public", "finding__walk__municipality"]
    search_fields = ["finding__walk__title"]
    list_select_related = ["finding"]
    raw_id_fields = ["finding"]
    exclude = ["image"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WalkFollower)
class WalkFollowerAdmin(admin.ModelAdmin):
    """Support may delete a follower (the address goes with it); nothing else."""

    list_display = ["walk", "created", "confirmed_at"]
    list_filter = ["walk__municipality", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["walk"]
    search_fields = ["email", "walk__title"]
    raw_id_fields = ["walk"]
    readonly_fields = ["walk", "email", "language", "created", "confirmed_at", "confirmation_sent_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WalkFollowerDelivery)
class WalkFollowerDeliveryAdmin(DeliveryAdmin):
    list_display = ["created", "follower", "kind", "object_id", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "follower__walk__municipality"]
    list_select_related = ["follower"]
    search_fields = ["follower__email"]
    raw_id_fields = ["follower"]
    date_hierarchy = "created"

    @property
    def send_task(self):
        from .tasks import send_deliveries

        return send_deliveries
