from django.contrib import admin

from saferplaces.bussafety.models import BusRoute, ConcernType


@admin.register(BusRoute)
class BusRouteAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "operator", "district", "active")
    list_filter = ("active", "operator", "district")
    search_fields = ("code", "name")


@admin.register(ConcernType)
class ConcernTypeAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "position", "active")
    list_editable = ("position", "active")
