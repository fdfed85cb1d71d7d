from django.urls import path

from . import dashboard, report_views, review_views, survey_views, views

app_name = "charter"
urlpatterns = [
    path("", views.home, name="home"),
    path("charter/", views.charter_page, name="charter"),
    path("charter/results/", views.charter_results, name="charter-results"),
    path("charter/satisfaction/", survey_views.charter_answer, name="satisfaction"),
    path(
        "charter/satisfaction/<str:token>/",
        survey_views.reply_answer,
        name="satisfaction-reply",
    ),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/obligations/", dashboard.obligations, name="dashboard-obligations"),
    path("dashboard/reports/monthly/", report_views.monthly_report, name="report-monthly"),
    path("dashboard/reports/yearly/", report_views.yearly_report, name="report-yearly"),
    path("dashboard/review/", review_views.queue, name="dashboard-review"),
    path("dashboard/review/<int:pk>/", review_views.act, name="dashboard-review-act"),
    path("charter/calendar.ics", views.calendar_feed, name="calendar-feed"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation"),
    path("obligations/<int:pk>/pause/", views.obligation_pause, name="obligation-pause"),
    path("obligations/<int:pk>/resume/", views.obligation_resume, name="obligation-resume"),
    path("obligations/<int:pk>/extend/", views.obligation_extend, name="obligation-extend"),
    path("obligations/<int:pk>/waive/", views.obligation_waive, name="obligation-waive"),
]
