from django.contrib import admin

from saferplaces.areas.models import District, Lsoa, Ward


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    exclude = ("geometry",)


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district")
    list_filter = ("district",)
    exclude = ("geometry",)


@admin.register(Lsoa)
class LsoaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district", "ward", "population")
    list_filter = ("district",)
    search_fields = ("code", "name")
    exclude = ("geometry",)
