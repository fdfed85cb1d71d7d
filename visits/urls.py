from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("queue/", views.queue_home, name="queue_home"),
    path("queue/<int:department_id>/", views.queue, name="queue"),
    path("memos/", views.memos, name="memos"),
    path("memos/<int:pk>/", views.memo_detail, name="memo_detail"),
    path("memos/contact/", views.memo_contact, name="memo_contact"),
    path("assisted/", views.assisted, name="assisted"),
    path("assisted/<int:pk>/", views.assisted_detail, name="assisted_detail"),
    path("assisted/assign/", views.assisted_assign, name="assisted_assign"),
    path("field/", views.field_list, name="field_list"),
    path("field/new/", views.field_create, name="field_create"),
    path("field/<int:pk>/", views.field_detail, name="field_detail"),
    path("directory/", views.directory, name="directory"),
    path("directory/<int:department_id>/", views.directory_department, name="directory_department"),
]
