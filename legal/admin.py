from django.contrib import admin

from .identity import IdentityForm
from .models import Identity, LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["municipality", "kind", "version", "changed_at", "changed_by"]
    list_filter = ["kind", "municipality"]
    list_select_related = ["municipality", "changed_by"]
    raw_id_fields = ["changed_by"]
    search_fields = ["municipality__name", "body"]
    readonly_fields = ["changed_at"]


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    form = IdentityForm
    list_display = ["municipality", "accent"]
    list_select_related = ["municipality"]
