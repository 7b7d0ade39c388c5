from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ExtractSubmission


@admin.register(ExtractSubmission)
class ExtractSubmissionAdmin(admin.ModelAdmin):
    """Read-only: a decision is taken on the review page, where its rules hold (never one's own organisation,
    a reason for a rejection, one decision per extract)."""

    list_display = ["organisation", "extract_date", "uploaded_at", "status", "reviewed_by", "review_link"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "organisation__kvk_number"]

    @admin.display(description=_("Review"))
    def review_link(self, submission):
        return format_html(
            '<a href="{}">{}</a>', reverse("verification:review_detail", args=[submission.pk]), _("Review")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
