from django.urls import URLPattern, URLResolver, path

from saferplaces.casereviews import views

app_name = "casereviews"
urlpatterns: list[URLPattern | URLResolver] = [
    # The public service
    path("", views.start, name="start"),
    path("apply/complaints/", views.complaints, name="complaints"),
    path("apply/complaints/add/", views.complaint_add, name="complaint_add"),
    path("apply/complaints/<int:position>/", views.complaint_change, name="complaint_change"),
    path("apply/complaints/<int:position>/remove/", views.complaint_remove, name="complaint_remove"),
    path("apply/check/", views.check, name="check"),
    path("apply/done/", views.done, name="done"),
    path("apply/<slug:slug>/", views.apply_step, name="apply"),
    path("appeal/", views.appeal, name="appeal"),
    path("appeal/done/", views.appeal_done, name="appeal_done"),
    path("figures/", views.figures, name="figures"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    # Staff: the multi-agency review
    path("staff/", views.queue, name="queue"),
    path("staff/<str:reference>/", views.detail, name="detail"),
    path("staff/<str:reference>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("staff/<str:reference>/threshold/", views.record_threshold, name="threshold"),
    path("staff/<str:reference>/link/", views.link, name="link"),
    path("staff/<str:reference>/unlink/", views.unlink, name="unlink"),
    path("staff/<str:reference>/meeting/", views.record_meeting, name="meeting"),
    path("staff/<str:reference>/recommendations/", views.add_recommendation, name="recommend"),
    path(
        "staff/<str:reference>/recommendations/<int:pk>/done/",
        views.complete_recommendation,
        name="recommendation_done",
    ),
    path("staff/<str:reference>/close/", views.close, name="close"),
    path("staff/<str:reference>/letter/", views.letter, name="letter"),
    # Staff: appeals to the PCC
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/<str:reference>/", views.appeal_detail, name="appeal_detail"),
    path("appeals/<str:reference>/decide/", views.decide_appeal, name="appeal_decide"),
    path("appeals/<str:reference>/recommendations/", views.appeal_recommendation, name="appeal_recommend"),
]
