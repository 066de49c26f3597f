from django.urls import path

from saferplaces.tracker import staff_views, views

app_name = "tracker"
urlpatterns = [
    # The victim's pages: no reference or personal data in any of these addresses.
    path("", views.sign_in, name="sign_in"),
    path("your-crime/", views.overview, name="overview"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_new, name="message_new"),
    path("property/", views.property_list, name="property"),
    path("property/add/", views.property_add, name="property_add"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("session-ended/", views.session_ended, name="session_ended"),
    # Staff pages.
    path("staff/", staff_views.crime_list, name="staff_list"),
    path("staff/new/", staff_views.crime_new, name="staff_new"),
    path("staff/messages/", staff_views.message_queue, name="staff_messages"),
    path("staff/updates/", staff_views.updates_due, name="staff_updates"),
    path("staff/usage/", staff_views.usage, name="staff_usage"),
    path("staff/usage.csv", staff_views.usage_csv, name="staff_usage_csv"),
    path("staff/crimes/<int:pk>/", staff_views.crime_detail, name="staff_crime"),
    path("staff/crimes/<int:pk>/status/", staff_views.crime_status, name="staff_status"),
    path("staff/crimes/<int:pk>/reply/", staff_views.crime_reply, name="staff_reply"),
    path("staff/crimes/<int:pk>/events/new/", staff_views.event_new, name="staff_event_new"),
    path(
        "staff/crimes/<int:pk>/events/<int:event_pk>/update/",
        staff_views.event_update,
        name="staff_event_update",
    ),
    path("staff/crimes/<int:pk>/code/", staff_views.crime_code, name="staff_code"),
]
