from django.contrib import admin

from saferplaces.reference.models import AsbCategory, IncidentCode, OffenceCode, Threshold


@admin.register(AsbCategory)
class AsbCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(IncidentCode)
class IncidentCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "description", "asb_category", "is_asb_finalisation", "is_selected_crime_type")
    list_filter = ("is_asb_finalisation", "is_selected_crime_type", "asb_category")


@admin.register(OffenceCode)
class OffenceCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "description", "group", "policeuk_category")
    search_fields = ("code", "description")
    list_filter = ("group",)


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "description")
