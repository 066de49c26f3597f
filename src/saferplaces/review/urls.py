from django.urls import path

from saferplaces.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("api/queue.json", views.queue_api, name="queue_api"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/<int:pk>/complete/", views.supervision_complete, name="supervision_complete"),
    path("management/", views.management, name="management"),
    path("management.csv", views.management_csv, name="management_csv"),
    path("incident/<str:reference>/", views.item, name="item"),
    path("incident/<str:reference>/claim/", views.claim, name="claim"),
    path("incident/<str:reference>/release/", views.release, name="release"),
    path("incident/<str:reference>/complete/", views.complete, name="complete"),
    path("incident/<str:reference>/risk/", views.assess, name="assess"),
    path("incident/<str:reference>/crime-decision/", views.decide, name="decide"),
    path("incident/<str:reference>/task/", views.task, name="task"),
    path("incident/<str:reference>/share/", views.share, name="share"),
    path("incident/<str:reference>/intervention/", views.intervene, name="intervene"),
]
