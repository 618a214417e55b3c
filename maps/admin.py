from django.contrib import admin

from .models import MapSettings


@admin.register(MapSettings)
class MapSettingsAdmin(admin.ModelAdmin):
    list_display = ["municipality", "public_tiles"]
    list_filter = ["public_tiles"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name"]
    raw_id_fields = ["municipality"]
