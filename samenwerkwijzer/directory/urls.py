from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisations/<int:pk>/profile/", views.organisation_profile, name="organisation_profile"),
    path("organisations/<int:pk>/search/", views.organisation_search, name="organisation_search"),
    path(
        "organisations/<int:pk>/search/suggestions/",
        views.organisation_search_suggestions,
        name="organisation_search_suggestions",
    ),
    path("organisations/<int:pk>/shortlist/", views.organisation_shortlist, name="organisation_shortlist"),
    path(
        "organisations/<int:pk>/shortlist/change/",
        views.organisation_shortlist_change,
        name="organisation_shortlist_change",
    ),
    path("organisations/<int:pk>/listing/", views.listing, name="listing"),
    path("organisations/<int:pk>/connections/", views.connections, name="connections"),
    path(
        "organisations/<int:pk>/connections/<int:connection_pk>/confirm/",
        views.connection_confirm,
        name="connection_confirm",
    ),
    path(
        "organisations/<int:pk>/connections/<int:connection_pk>/remove/",
        views.connection_remove,
        name="connection_remove",
    ),
    path("collaborations/<int:pk>/profile/", views.collaboration_profile, name="collaboration_profile"),
    path("collaborations/<int:pk>/search/", views.collaboration_search, name="collaboration_search"),
    path(
        "collaborations/<int:pk>/search/suggestions/",
        views.collaboration_search_suggestions,
        name="collaboration_search_suggestions",
    ),
    path("collaborations/<int:pk>/shortlist/", views.collaboration_shortlist, name="collaboration_shortlist"),
    path(
        "collaborations/<int:pk>/shortlist/change/",
        views.collaboration_shortlist_change,
        name="collaboration_shortlist_change",
    ),
    path("entries/<int:entry_pk>/invite/", views.invite, name="invite"),
]
