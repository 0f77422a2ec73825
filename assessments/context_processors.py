from .models import is_counselor


def user_roles(request):
    """Expose whether the user is a counselor; the template calls it only where needed."""
    return {"is_counselor": lambda: is_counselor(request.user)}
