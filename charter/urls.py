from django.urls import path

from . import views

app_name = "charter"
urlpatterns = [
    path("", views.home, name="home"),
    path("charter/", views.charter_page, name="charter"),
]
