from django.urls import path

from . import views

app_name = "workspace"

meeting = "collaborations/<int:pk>/meetings/<int:meeting_pk>/"

urlpatterns = [
    path("collaborations/<int:pk>/meetings/", views.meeting_list, name="meetings"),
    path("collaborations/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path(meeting, views.meeting_detail, name="meeting_detail"),
    path(meeting + "edit/", views.meeting_edit, name="meeting_edit"),
    path(meeting + "invite.ics", views.meeting_ics, name="meeting_ics"),
    path(meeting + "send/", views.meeting_send, name="meeting_send"),
    path(meeting + "agenda/", views.agenda_item_add, name="agenda_item_add"),
    path(meeting + "minutes/", views.minutes_save, name="minutes_save"),
    path(meeting + "agenda/<int:item_pk>/decisions/", views.decision_add, name="decision_add"),
    path("collaborations/<int:pk>/plan/", views.plan, name="plan"),
    path("collaborations/<int:pk>/plan/goals/", views.plan_goal_add, name="plan_goal_add"),
    path("collaborations/<int:pk>/plan/actions/", views.plan_action_add, name="plan_action_add"),
    path(
        "collaborations/<int:pk>/plan/actions/<int:action_pk>/status/",
        views.plan_action_status,
        name="plan_action_status",
    ),
    path("collaborations/<int:pk>/radar/", views.radar, name="radar"),
    path("collaborations/<int:pk>/radar/discussed/", views.flag_discussed, name="flag_discussed"),
    path("collaborations/<int:pk>/exit/", views.exit_overview, name="exit"),
    path("collaborations/<int:pk>/exit/start/", views.exit_start, name="exit_start"),
    path("collaborations/<int:pk>/exit/checklist/<int:index>/", views.exit_check, name="exit_check"),
    path("collaborations/<int:pk>/exit/division/", views.exit_division, name="exit_division"),
    path("collaborations/<int:pk>/exit/archive/", views.exit_archive, name="exit_archive"),
    path("collaborations/<int:pk>/export.zip", views.export_zip, name="export_zip"),
]
