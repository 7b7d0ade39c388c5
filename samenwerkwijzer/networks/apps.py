from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "samenwerkwijzer.networks"
    label = "networks"
