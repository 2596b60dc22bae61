from . import identity


class ResidentSessionMiddleware:
    """Resident sessions end after 15 minutes without activity (``LOKET_RESIDENT_SESSION_IDLE_SECONDS``).

    Only the resident part of the session: a staff log-in in the same browser is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and identity.SESSION_KEY in session:
            data = session[identity.SESSION_KEY]
            if not identity.touch(request):
                self._record_expiry(request, data)
        return self.get_response(request)

    @staticmethod
    def _record_expiry(request, data):
        from .models import LoginEvent, LoginEventKind

        organisation = getattr(request, "organisation", None)
        if organisation:
            LoginEvent.objects.create(organisation=organisation, kind=LoginEventKind.EXPIRED,
                                      party_id=data.get("party"), acting_for_id=data.get("acting_for"),
                                      provider=str(data.get("provider", ""))[:50],
                                      assurance=str(data.get("assurance", ""))[:20])
