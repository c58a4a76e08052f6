from django.conf import settings


def platform(request):
    tenant = getattr(request, "tenant", None)
    return {
        "platform_host": settings.PLATFORM_HOST,
        "current_merchant": None if tenant is None or tenant.schema_name == "public" else tenant,
        "membership": getattr(request, "membership", None),
    }
