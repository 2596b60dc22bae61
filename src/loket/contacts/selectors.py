from . import identifiers
from .models import Party


def party_by_national_number(organisation, number: str) -> Party | None:
    index = identifiers.blind_index(number)
    if not index:
        return None
    return Party.objects.filter(organisation=organisation, national_number_index=index).first()
