from django.contrib import admin

from reviews.models import (
    Platform,
    Requester,
    RequesterAlias,
    Review,
    ReviewRevision,
    WorkerProfile,
)


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "currency")


class AliasInline(admin.TabularInline):
    model = RequesterAlias
    extra = 0
    readonly_fields = ("name", "first_seen_at", "last_seen_at")


@admin.register(Requester)
class RequesterAdmin(admin.ModelAdmin):
    list_display = ("display_name", "platform", "external_id", "created_at")
    list_filter = ("platform",)
    search_fields = ("display_name", "external_id")
    inlines = [AliasInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    # Reviews change only through the services (which keep revisions and announce changes).
    list_display = (
        "id",
        "requester",
        "task_title",
        "outcome",
        "hourly_wage",
        "status",
        "created_at",
    )
    list_filter = ("status", "outcome", "requester__platform")
    search_fields = ("task_title", "requester__display_name", "requester__external_id")
    raw_id_fields = ("author", "requester")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewRevision)
class ReviewRevisionAdmin(admin.ModelAdmin):
    list_display = ("review", "number", "edited_at")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    list_display = ("pseudonym", "role", "posting_suspended_until")
    list_filter = ("role",)
    search_fields = ("pseudonym",)
