from django.urls import path

from . import views_plan

urlpatterns = [
    path("collaborations/<int:pk>/business-plan/", views_plan.plan, name="plan"),
    path("collaborations/<int:pk>/business-plan/budget/", views_plan.budget_edit, name="plan_budget"),
    path("collaborations/<int:pk>/business-plan/texts/", views_plan.plan_text, name="plan_text"),
    path("collaborations/<int:pk>/business-plan/new-version/", views_plan.new_version, name="plan_new_version"),
    path("collaborations/<int:pk>/business-plan/approve/", views_plan.approve, name="plan_approve"),
    path("collaborations/<int:pk>/business-plan/versions/", views_plan.versions, name="plan_versions"),
    path(
        "collaborations/<int:pk>/business-plan/versions/<int:number>/",
        views_plan.version_detail,
        name="plan_version",
    ),
    path("collaborations/<int:pk>/business-plan/versions/<int:number>/pdf/", views_plan.plan_pdf, name="plan_pdf"),
    path("collaborations/<int:pk>/business-plan/versions/<int:number>/docx/", views_plan.plan_docx, name="plan_docx"),
    path(
        "collaborations/<int:pk>/business-plan/goals-to-work-plan/",
        views_plan.goals_to_work_plan,
        name="plan_goals_to_work_plan",
    ),
]
