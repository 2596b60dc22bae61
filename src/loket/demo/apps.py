from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo municipality Heidebeek: organisations, staff, locations and residents, seeded."""

    name = "loket.demo"
    label = "demo"
    verbose_name = "Demo"
