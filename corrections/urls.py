from django.urls import path

from . import views

app_name = "corrections"
urlpatterns = [
    path("", views.correction_list, name="list"),
    path("service/new/", views.service_report, name="service_report"),
    path("service/<int:pk>/", views.service_detail, name="service_detail"),
    path("service/<int:pk>/correct/", views.service_correct, name="service_correct"),
    path("defects/new/", views.defect_report, name="defect_report"),
    path("defects/<int:pk>/", views.defect_detail, name="defect_detail"),
    path("defects/<int:pk>/correct/", views.defect_correct, name="defect_correct"),
    path("defects/<int:pk>/notify/", views.defect_notify, name="defect_notify"),
]
