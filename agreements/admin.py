from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.delivery_admin import DeliveryAdmin
from portal.services import audit_record

from .models import (
    Agreement,
    AgreementSignatory,
    CitizenPledge,
    Commitment,
    Evaluation,
    FocusArea,
    FollowerDelivery,
    PledgeFollower,
    PledgeSignatory,
    PriorityArea,
    ProgressUpdate,
)


class PeriodFilter(admin.SimpleListFilter):
    """Current, past or coming periods, on anything with period_start/_end."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("past", _("Ended")), ("future", _("Not yet started"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(period_start__lte=today, period_end__gte=today)
        if self.value() == "past":
            return queryset.filter(period_end__lt=today)
        if self.value() == "future":
            return queryset.filter(period_start__gt=today)
        return queryset


class AgreementStatusFilter(admin.SimpleListFilter):
    """The derived status (draft, signed, active, expired) as a filter."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Agreement.Status.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        signed = Q(signatory_total__gt=0, signatory_unsigned=0)
        conditions = {
            "draft": ~signed,
            "signed": signed & Q(period_start__gt=today),
            "active": signed & Q(period_start__lte=today, period_end__gte=today),
            "expired": signed & Q(period_end__lt=today),
        }
        condition = conditions.get(self.value())
        return queryset.filter(condition) if condition is not None else queryset


class AuditedAdmin(admin.ModelAdmin):
    """Admin changes to agreements and pledges land in the audit trail too."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'updated' if change else 'created'}_in_admin"
        audit_record(actor=request.user, action=action, municipality=obj.municipality, obj=obj)

    def delete_model(self, request, obj) -> None:
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.deleted_in_admin",
            municipality=obj.municipality,
            obj=obj,
        )
        super().delete_model(request, obj)


class PriorityInline(admin.StackedInline):
    model = PriorityArea
    extra = 0


class AgreementSignatoryInline(admin.TabularInline):
    model = AgreementSignatory
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "status_display"]
    list_filter = ["municipality", AgreementStatusFilter, PeriodFilter]
    list_select_related = ["municipality"]
    search_fields = ["title", "background", "municipality__name"]
    autocomplete_fields = ["municipality", "parties"]
    date_hierarchy = "period_start"
    inlines = [PriorityInline, AgreementSignatoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_signature_counts()

    @admin.display(description=_("status"))
    def status_display(self, obj: Agreement) -> str:
        return obj.get_status_display()


class FocusAreaInline(admin.StackedInline):
    model = FocusArea
    extra = 0
    show_change_link = True


class PledgeSignatoryInline(admin.TabularInline):
    model = PledgeSignatory
    extra = 0
    autocomplete_fields = ["organisation"]


class EvaluationInline(admin.StackedInline):
    model = Evaluation
    extra = 0
    max_num = 1
    raw_id_fields = ["evaluated_by"]


@admin.register(CitizenPledge)
class CitizenPledgeAdmin(AuditedAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "is_published", "commitment_count"]
    list_filter = ["municipality", "is_published", PeriodFilter, "evaluation__outcome"]
    list_select_related = ["municipality"]
    search_fields = ["title", "introduction", "municipality__name"]
    autocomplete_fields = ["municipality", "parties", "agreement"]
    raw_id_fields = ["previous"]
    readonly_fields = ["published_at"]
    date_hierarchy = "period_start"
    inlines = [FocusAreaInline, PledgeSignatoryInline, EvaluationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commitment_total=Count("focus_areas__commitments"))

    @admin.display(description=_("commitments"), ordering="commitment_total")
    def commitment_count(self, obj: CitizenPledge) -> int:
        return obj.commitment_total


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0
    autocomplete_fields = ["responsible"]
    raw_id_fields = ["place", "carried_over_from"]
    show_change_link = True


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "pledge", "position"]
    list_filter = ["pledge__municipality"]
    list_select_related = ["pledge"]
    search_fields = ["title", "pledge__title"]
    raw_id_fields = ["pledge"]
    inlines = [CommitmentInline]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    raw_id_fields = ["author"]
    autocomplete_fields = ["organisation"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["what", "focus_area", "responsible", "due_date", "status", "count_reached", "target_count"]
    list_filter = ["status", "focus_area__pledge__municipality", "responsible__kind"]
    list_select_related = ["focus_area", "responsible"]
    search_fields = ["what", "description", "focus_area__title", "focus_area__pledge__title"]
    autocomplete_fields = ["responsible"]
    raw_id_fields = ["focus_area", "place", "carried_over_from"]
    date_hierarchy = "due_date"
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["date", "commitment", "organisation", "author", "status", "is_public"]
    list_filter = ["is_public", "status", "commitment__focus_area__pledge__municipality"]
    list_select_related = ["commitment", "organisation", "author"]
    search_fields = ["text", "commitment__what"]
    raw_id_fields = ["commitment", "author"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "date"


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["pledge", "outcome", "evaluated_on", "evaluated_by"]
    list_filter = ["outcome", "pledge__municipality"]
    list_select_related = ["pledge", "evaluated_by"]
    search_fields = ["pledge__title", "text"]
    raw_id_fields = ["pledge", "evaluated_by"]


@admin.register(AgreementSignatory)
class AgreementSignatoryAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "agreement", "signed_on"]
    list_filter = ["agreement__municipality"]
    list_select_related = ["organisation", "agreement"]
    search_fields = ["name", "title", "organisation__name"]
    raw_id_fields = ["agreement"]
    autocomplete_fields = ["organisation"]


@admin.register(PledgeSignatory)
class PledgeSignatoryAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "pledge", "signed_on"]
    list_filter = ["pledge__municipality"]
    list_select_related = ["organisation", "pledge"]
    search_fields = ["name", "title", "organisation__name"]
    raw_id_fields = ["pledge"]
    autocomplete_fields = ["organisation"]


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "agreement", "position"]
    list_filter = ["agreement__municipality"]
    list_select_related = ["agreement"]
    search_fields = ["title", "goals", "agreement__title"]
    raw_id_fields = ["agreement"]


@admin.register(PledgeFollower)
class PledgeFollowerAdmin(admin.ModelAdmin):
    list_display = ["email", "pledge", "created", "confirmed_at"]
    list_filter = ["pledge__municipality", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["pledge"]
    search_fields = ["email", "pledge__title"]
    raw_id_fields = ["pledge"]
    readonly_fields = ["created", "confirmed_at", "confirmation_sent_at"]


@admin.register(FollowerDelivery)
class FollowerDeliveryAdmin(DeliveryAdmin):
    list_display = ["created", "follower", "kind", "object_id", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "follower__pledge__municipality"]
    list_select_related = ["follower"]
    search_fields = ["follower__email"]
    raw_id_fields = ["follower"]
    date_hierarchy = "created"
