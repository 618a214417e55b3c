from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Category, Membership, Municipality, NotificationOptOut, Organisation, Place, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["municipality", "organisation"]


class NotificationOptOutInline(admin.TabularInline):
    model = NotificationOptOut
    extra = 0
    fields = ["kind", "created"]
    readonly_fields = ["created"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline, NotificationOptOutInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "email_verified"]
    list_filter = [*BaseUserAdmin.list_filter, "email_verified", "language", "memberships__municipality"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("Portal"),
            {
                "fields": [
                    "title",
                    "phone",
                    "language",
                    "email_verified",
                ]
            },
        ),
    ]


class MunicipalityAdminForm(forms.ModelForm):
    resident_languages = forms.MultipleChoiceField(
        label=_("languages for residents"), widget=forms.CheckboxSelectMultiple, required=False, choices=()
    )

    class Meta:
        model = Municipality
        exclude = []  # noqa: DJ006 - every field, the languages as checkboxes

    def __init__(self, *args, **kwargs):
        from .languages import resident_language_choices

        super().__init__(*args, **kwargs)
        self.fields["resident_languages"].choices = resident_language_choices()

    def clean_resident_languages(self):
        from .models import offered_languages

        return offered_languages(self.cleaned_data["resident_languages"])


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityAdminForm
    list_display = [
        "name",
        "kommunkod",
        "county",
        "slug",
        "tip_retention_days",
        "public_count_threshold",
        "require_two_factor",
    ]
    list_filter = ["county", "require_two_factor"]
    search_fields = ["name", "kommunkod", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind", "municipalities"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]
    actions = ["merge_organisations"]

    @admin.action(description=_("Merge the selected organisations into one"))
    def merge_organisations(self, request, queryset):
        """First a page to choose the one to keep (nothing changes), then the merge."""
        from django.contrib import messages
        from django.template.response import TemplateResponse

        from .merging import MergeRefused, organisations_merge

        chosen = list(queryset.order_by("name"))
        if len(chosen) < 2:
            self.message_user(request, _("Select at least two organisations to merge."), messages.WARNING)
            return None
        keep_pk = request.POST.get("keep")
        if request.POST.get("confirm") and keep_pk:
            keep = next((org for org in chosen if str(org.pk) == keep_pk), None)
            if keep is None:
                self.message_user(request, _("Choose the organisation to keep."), messages.ERROR)
                return None
            try:
                moved = organisations_merge(actor=request.user, keep=keep, others=chosen)
            except MergeRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return None
            summary = ", ".join(f"{label}: {count}" for label, count in moved.items()) or "–"
            self.message_user(
                request,
                _("Merged into “%(name)s”. Moved: %(summary)s.") % {"name": keep.name, "summary": summary},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge organisations"),
            "organisations": chosen,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/portal/organisation_merge.html", context)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "organisation", "role", "is_tip_handler", "created"]
    list_filter = ["role", "is_tip_handler", "municipality", "organisation__kind"]
    list_select_related = ["user", "municipality", "organisation"]
    search_fields = ["user__username", "user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "municipality", "organisation"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "is_active"]
    list_filter = ["municipality", "kind", "is_active"]
    list_select_related = ["municipality"]
    search_fields = ["name"]


class CategoryForm(forms.ModelForm):
    """One name field per configured language, kept in `name_i18n`."""

    class Meta:
        model = Category
        fields = ["slug", "internal_only", "position", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = self.instance.name_i18n or {}
        for code, language in settings.LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("name (%(language)s)") % {"language": language},
                max_length=100,
                required=code == settings.LANGUAGE_CODE,
                initial=names.get(code, ""),
            )

    def save(self, commit: bool = True) -> Category:
        self.instance.name_i18n = {
            code: self.cleaned_data[f"name_{code}"]
            for code, _language in settings.LANGUAGES
            if self.cleaned_data[f"name_{code}"]
        }
        return super().save(commit)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["slug", "name", "internal_only", "position", "is_active"]
    list_filter = ["internal_only", "is_active"]
    search_fields = ["slug", "name_i18n"]

    def get_fields(self, request, obj=None):
        return [
            "slug",
            *(f"name_{code}" for code, _language in settings.LANGUAGES),
            "internal_only",
            "position",
            "is_active",
        ]

    def get_readonly_fields(self, request, obj=None):
        # A slug never changes meaning once it exists.
        return ["slug"] if obj is not None else []


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created", "actor", "action", "municipality", "object_type", "object_id"]
    list_filter = ["action", "municipality"]
    list_select_related = ["actor", "municipality"]
    search_fields = ["action", "actor__username", "object_id"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
