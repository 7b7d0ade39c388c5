from django.urls import path

from . import views

app_name = "collaborations"

urlpatterns = [
    path("new/", views.collaboration_create, name="create"),
    path("<int:pk>/", views.collaboration_dashboard, name="dashboard"),
    path("<int:pk>/edit/", views.collaboration_edit, name="edit"),
    path("<int:pk>/phase/", views.collaboration_phase, name="phase"),
    path("<int:pk>/participants/", views.participant_list, name="participants"),
    path("<int:pk>/participants/invite/", views.invitation_create, name="invite"),
    path("<int:pk>/participants/<int:participant_pk>/role/", views.participant_role, name="participant_role"),
    path("<int:pk>/participants/<int:participant_pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/observers/<int:observer_pk>/remove/", views.observer_remove, name="observer_remove"),
    path("<int:pk>/invitations/<int:invitation_pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("<int:pk>/explorers/shares/", views.explorer_shares, name="explorer_shares"),
    path("<int:pk>/explorers/<int:participant_pk>/", views.explorer_decide, name="explorer_decide"),
    path("<int:pk>/audit-log/", views.audit_log, name="audit_log"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
