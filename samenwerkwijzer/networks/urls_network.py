from django.urls import path

from . import views_network

urlpatterns = [
    path("", views_network.index, name="index"),
    path("new/", views_network.create, name="create"),
    path("invitations/<str:token>/", views_network.accept_invitation, name="accept_invitation"),
    path("<int:pk>/", views_network.detail, name="detail"),
    path("<int:pk>/edit/", views_network.edit, name="edit"),
    path("<int:pk>/expertises/", views_network.expertises, name="expertises"),
    path("<int:pk>/invite/", views_network.invite, name="invite"),
    path("<int:pk>/invitations/<int:invitation_pk>/revoke/", views_network.invitation_revoke, name="invitation_revoke"),
    path("<int:pk>/members/", views_network.members, name="members"),
    path("<int:pk>/members/<int:member_pk>/", views_network.member, name="member"),
    path("<int:pk>/members/<int:member_pk>/role/", views_network.member_role, name="member_role"),
    path("<int:pk>/profile/", views_network.profile, name="profile"),
    path("<int:pk>/profile/availability/", views_network.availability_add, name="availability_add"),
    path(
        "<int:pk>/profile/availability/<int:availability_pk>/delete/",
        views_network.availability_delete,
        name="availability_delete",
    ),
    path("<int:pk>/leave/", views_network.leave, name="leave"),
]
