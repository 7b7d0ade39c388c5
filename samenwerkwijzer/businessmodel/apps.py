from django.apps import AppConfig


class BusinessModelConfig(AppConfig):
    name = "samenwerkwijzer.businessmodel"
    label = "businessmodel"
