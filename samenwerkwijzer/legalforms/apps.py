from django.apps import AppConfig


class LegalformsConfig(AppConfig):
    name = "samenwerkwijzer.legalforms"
