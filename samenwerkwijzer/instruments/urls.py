from django.urls import path

from .views import exports, follow_up, rounds, self_check

app_name = "instruments"

collaboration = "collaborations/<int:pk>/"
round_ = collaboration + "rounds/<int:round_pk>/"

urlpatterns = [
    path(collaboration, rounds.overview, name="overview"),
    path(collaboration + "<slug:instrument>/open/", rounds.round_open, name="round_open"),
    path(round_, rounds.round_detail, name="round_detail"),
    path(round_ + "answers/", rounds.round_answer, name="round_answer"),
    path(round_ + "check/", rounds.round_check, name="round_check"),
    path(round_ + "history/", rounds.round_history, name="round_history"),
    path(round_ + "close/", rounds.round_close, name="round_close"),
    path(round_ + "remind/", rounds.round_remind, name="round_remind"),
    path(round_ + "conclusions/", rounds.conclusion_save, name="conclusion_save"),
    path(round_ + "actions/", rounds.action_create, name="action_create"),
    path(round_ + "agenda/", rounds.agenda_add, name="agenda_add"),
    path(round_ + "report.pdf", exports.round_pdf, name="round_pdf"),
    path(round_ + "scores.csv", exports.round_csv, name="round_csv"),
    path(collaboration + "actions/", follow_up.action_list, name="action_list"),
    path(collaboration + "actions/<int:action_pk>/status/", follow_up.action_status, name="action_status"),
    path(collaboration + "agenda/", follow_up.agenda, name="agenda"),
    path(collaboration + "agenda/<int:proposal_pk>/remove/", follow_up.agenda_remove, name="agenda_remove"),
    path(collaboration + "self-checks/", self_check.self_check_shares, name="self_check_shares"),
    path(collaboration + "self-checks/share/", self_check.self_check_share, name="self_check_share"),
    path(collaboration + "self-check/", self_check.self_check_in_collaboration, name="self_check_fill"),
    path("organisations/<int:pk>/self-check/", self_check.self_check, name="self_check"),
]
