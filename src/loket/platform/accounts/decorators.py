from functools import wraps

from django.contrib.auth.views import redirect_to_login

from .services import second_factor_done


def staff_required(view):
    """Only for staff who completed the log-in, second factor included."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not second_factor_done(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
