from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "samenwerkwijzer.workspace"

    def ready(self):
        from . import todos  # noqa: F401  (contributes to the to-dos)
