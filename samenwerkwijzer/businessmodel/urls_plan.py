from django.urls import path

from . import views_plan

urlpatterns = [
    path("collaborations/<int:pk>/business-plan/", views_plan.plan, name="plan"),
]
