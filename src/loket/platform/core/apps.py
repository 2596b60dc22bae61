from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces: request ids, logging, problem JSON, health, the CLI commands."""

    name = "loket.platform.core"
    label = "core"
    verbose_name = "Platform"
