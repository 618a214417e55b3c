from django.contrib import admin

from .models import Action, Observation, WeeklyReport


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = ["date", "organisation", "category", "place", "count", "source", "author"]
    raw_id_fields = ["organisation", "category", "place", "author"]
    show_change_link = True


class ActionInline(admin.TabularInline):
    model = Action
    fk_name = "report"
    extra = 0
    fields = ["what", "responsible_organisation", "place", "due_date", "status"]
    raw_id_fields = ["responsible_organisation", "place"]
    show_change_link = True


@admin.register(WeeklyReport)
class WeeklyReportAdmin(admin.ModelAdmin):
    list_display = ["municipality", "iso_year", "iso_week", "status", "meeting_at", "closed_at", "published_at"]
    list_filter = ["municipality", "status", "iso_year", "iso_week"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "summary"]
    raw_id_fields = ["closed_by"]
    readonly_fields = ["week_start", "created"]
    date_hierarchy = "week_start"
    inlines = [ObservationInline, ActionInline]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["date", "report", "organisation", "category", "place", "count", "source"]
    list_filter = ["report__municipality", "report__iso_year", "report__iso_week", "category", "organisation", "source"]
    list_select_related = ["report__municipality", "organisation", "category", "place"]
    search_fields = ["description", "place__name", "organisation__name"]
    raw_id_fields = ["report", "organisation", "author", "category", "place"]
    readonly_fields = ["created", "updated"]
    date_hierarchy = "date"


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["what", "report", "responsible_organisation", "place", "due_date", "status"]
    list_filter = ["report__municipality", "report__iso_year", "report__iso_week", "status", "responsible_organisation"]
    list_select_related = ["report__municipality", "responsible_organisation", "place"]
    search_fields = ["what", "outcome_note", "place__name", "responsible_organisation__name"]
    raw_id_fields = ["report", "responsible_organisation", "place", "carried_over_from", "created_by"]
    readonly_fields = ["created", "updated"]
