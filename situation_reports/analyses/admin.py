from django.contrib import admin

from .models import AnalysisLink, AnnualPlan, PeriodAnalysis, PlanMeasure


class AnalysisLinkInline(admin.TabularInline):
    model = AnalysisLink
    extra = 0
    fields = ["place", "category", "priorities", "commitments", "note"]
    raw_id_fields = ["place", "category", "priorities", "commitments"]


@admin.register(PeriodAnalysis)
class PeriodAnalysisAdmin(admin.ModelAdmin):
    list_display = ["municipality", "kind", "year", "number", "status", "approved_by", "approved_at"]
    list_filter = ["municipality", "kind", "status", "year"]
    list_select_related = ["municipality", "approved_by"]
    search_fields = ["municipality__name", "analysis", "conclusions"]
    raw_id_fields = ["approved_by", "created_by"]
    readonly_fields = ["figures", "created", "updated"]
    inlines = [AnalysisLinkInline]


class PlanMeasureInline(admin.TabularInline):
    model = PlanMeasure
    extra = 0
    fields = ["position", "what", "responsible", "timing", "priority", "follow_up"]
    raw_id_fields = ["responsible", "priority"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "status", "approved_by", "approved_at"]
    list_filter = ["municipality", "status", "year"]
    list_select_related = ["municipality", "approved_by"]
    search_fields = ["municipality__name", "problem_picture"]
    raw_id_fields = ["agreement", "pledges", "approved_by", "created_by"]
    readonly_fields = ["created", "updated"]
    inlines = [PlanMeasureInline]
