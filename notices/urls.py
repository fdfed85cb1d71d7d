from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read"),
    path("settings/", views.preference, name="settings"),
]
