from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("new/", views.feedback_new, name="new"),
    path("<int:pk>/", views.feedback_detail, name="detail"),
    path("<int:pk>/assign/", views.feedback_assign, name="assign"),
    path("<int:pk>/cause/", views.feedback_cause, name="cause"),
    path("<int:pk>/reply/", views.feedback_reply, name="reply"),
    path("<int:pk>/corrective/", views.feedback_corrective, name="corrective"),
    path("submit/", views.submit, name="submit"),
    path("submit/done/", views.submitted, name="submitted"),
    path("track/", views.track, name="track"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/new/", views.contest_new, name="contest_new"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path("contests/<int:pk>/rules/", views.contest_publish_rules, name="contest_rules"),
    path("contests/<int:pk>/awards/", views.contest_announce_awards, name="contest_awards"),
]
