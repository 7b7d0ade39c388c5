from django.urls import path

from . import views_after

urlpatterns = [
    path(
        "<int:pk>/assignments/<int:assignment_pk>/agreement/",
        views_after.assignment_agreement,
        name="assignment_agreement",
    ),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/agreement/edit/",
        views_after.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/agreement/approve/",
        views_after.agreement_approve,
        name="agreement_approve",
    ),
    path("<int:pk>/assignments/<int:assignment_pk>/done/", views_after.assignment_done, name="assignment_done"),
    path("<int:pk>/assignments/<int:assignment_pk>/evaluation/", views_after.evaluation, name="evaluation"),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/evaluation/reveal/",
        views_after.evaluation_reveal,
        name="evaluation_reveal",
    ),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/collaboration/",
        views_after.to_collaboration,
        name="to_collaboration",
    ),
]
