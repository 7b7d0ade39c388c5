from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "samenwerkwijzer.onboarding"
    verbose_name = "Onboarding"
