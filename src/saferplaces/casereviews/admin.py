from django.contrib import admin

from saferplaces.casereviews.models import BankHoliday, LocalRules


@admin.register(LocalRules)
class LocalRulesAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "min_complaints",
        "individuals_enabled",
        "hate_enabled",
        "acknowledge_days",
        "validity_days",
        "close_days",
    )
    fieldsets = (
        (None, {"fields": ("district",)}),
        (
            "Threshold (2014 Act s104)",
            {"fields": ("min_complaints", "behaviour_months", "window_months")},
        ),
        (
            "Local additions",
            {
                "fields": (
                    "individuals_enabled",
                    "individuals_count",
                    "individuals_window_months",
                    "hate_enabled",
                    "hate_incidents",
                )
            },
        ),
        (
            "Timescales (working days)",
            {"fields": ("acknowledge_days", "validity_days", "close_days", "appeal_days")},
        ),
        ("Publication", {"fields": ("publication_year_start_month",)}),
    )


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"
