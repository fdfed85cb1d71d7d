from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_new, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/confirm/", views.document_confirm, name="confirm"),
    path("<int:pk>/incomplete/", views.document_incomplete, name="incomplete"),
    path("<int:pk>/notices/", views.notice_create, name="notice"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/check/", views.inbox_check, name="inbox_check"),
]
