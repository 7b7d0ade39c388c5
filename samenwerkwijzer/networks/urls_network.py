from django.urls import path

from . import views_network

urlpatterns = [
    path("", views_network.index, name="index"),
    path("<int:pk>/", views_network.detail, name="detail"),
    path("<int:pk>/members/", views_network.members, name="members"),
    path("<int:pk>/members/<int:member_pk>/", views_network.member, name="member"),
    path("<int:pk>/profile/", views_network.profile, name="profile"),
]
