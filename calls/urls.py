from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("", views.today, name="today"),
    path("log/", views.call_log, name="log"),
    path("callbacks/", views.callbacks, name="callbacks"),
    path("callbacks/new/", views.callback_new, name="callback_new"),
    path("callbacks/<int:pk>/answer/", views.callback_answer, name="callback_answer"),
]
