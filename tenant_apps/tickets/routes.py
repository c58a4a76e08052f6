"""Tour routes with guide media (EC-TKT-02): writes. Files are stored under
MEDIA_ROOT/<schema>/routes/ (models.route_media_path) and served only through the app."""

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.tickets import errors

from .models import Route, RouteStop

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".gif": "image/gif"}
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".wav": "audio/wav",
               ".ogg": "audio/ogg"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_AUDIO_BYTES = 30 * 1024 * 1024
MAX_STOPS = 100
ROUTE_FIELDS = ("name", "intro", "duration_minutes", "published")
STOP_FIELDS = ("title", "text", "position")


def _ext(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _sniff(head: bytes, kind: str) -> bool:
    """The file's first bytes look like what its extension says (a renamed script is refused)."""
    if kind == "image":
        return (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")
                or head[:6] in (b"GIF87a", b"GIF89a") or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"))
    return (head[:3] == b"ID3" or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9")
            or (head[:4] == b"RIFF" and head[8:12] == b"WAVE") or head[:4] == b"OggS" or head[4:8] == b"ftyp")


def check_file(upload, kind: str) -> None:
    types, limit = (IMAGE_TYPES, MAX_IMAGE_BYTES) if kind == "image" else (AUDIO_TYPES, MAX_AUDIO_BYTES)
    label = "图片" if kind == "image" else "音频"
    if _ext(upload.name) not in types:
        raise DomainError(errors.FILE_TYPE_INVALID_UNSUPPORTED, details={kind: upload.name}, label=label,
                          types='、'.join(types), kind=kind)
    if upload.size > limit:
        raise DomainError(errors.FILE_TOO_LARGE, details={kind: upload.name}, label=label,
                          limit_mb=limit // 1024 // 1024, kind=kind)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _sniff(head, kind):
        raise DomainError(errors.FILE_TYPE_INVALID_VALID, details={kind: upload.name}, label=label, kind=kind)


def _clean(data: dict, allowed: tuple) -> dict:
    unknown = set(data) - set(allowed)
    if unknown:
        raise DomainError(errors.FIELD_NOT_EDITABLE_UNKNOWN_FIELDS, details={"fields": sorted(unknown)})
    return data


@transaction.atomic
def create_route(*, name: str, intro: str = "", duration_minutes: int = 0, published: bool = False) -> Route:
    return Route.objects.create(name=name, intro=intro, duration_minutes=duration_minutes, published=published)


@transaction.atomic
def update_route(*, route_id: int, **changes) -> Route:
    route = get_route(route_id, lock=True)
    for field, value in _clean(changes, ROUTE_FIELDS).items():
        setattr(route, field, value)
    route.save()
    return route


def _files_of(*stops: RouteStop) -> list[str]:
    return [f.name for s in stops for f in (s.image, s.audio) if f]


def _delete_files(names: list[str]) -> None:
    """Remove replaced or deleted files once the transaction commits."""

    def remove():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def delete_route(*, route_id: int) -> None:
    route = get_route(route_id, lock=True)
    _delete_files(_files_of(*route.stops.all()))
    route.delete()


def get_route(route_id: int, *, lock: bool = False) -> Route:
    qs = Route.objects.select_for_update() if lock else Route.objects.prefetch_related("stops")
    route = qs.filter(pk=route_id).first()
    if route is None:
        raise DomainError(errors.NOT_FOUND_ROUTE)
    return route


def get_stop(stop_id: int, *, lock: bool = False, published_only: bool = False) -> RouteStop:
    qs = RouteStop.objects.select_for_update() if lock else RouteStop.objects
    if published_only:
        qs = qs.filter(route__published=True)
    stop = qs.filter(pk=stop_id).first()
    if stop is None:
        raise DomainError(errors.NOT_FOUND_STOP)
    return stop


@transaction.atomic
def add_stop(*, route_id: int, title: str, text: str = "", position: int | None = None, image=None,
             audio=None) -> RouteStop:
    route = get_route(route_id, lock=True)
    count = route.stops.count()
    if count >= MAX_STOPS:
        raise DomainError(errors.TOO_MANY_STOPS, max_stops=MAX_STOPS)
    stop = RouteStop(route=route, title=title, text=text, position=count + 1 if position is None else position)
    for kind, upload in (("image", image), ("audio", audio)):
        if upload:
            check_file(upload, kind)
            getattr(stop, kind).save(upload.name, upload, save=False)
    stop.save()
    Route.objects.filter(pk=route.pk).update(updated_at=timezone.now())
    return stop


@transaction.atomic
def update_stop(*, stop_id: int, image=None, audio=None, remove: tuple = (), **changes) -> RouteStop:
    stop = get_stop(stop_id, lock=True)
    for field, value in _clean(changes, STOP_FIELDS).items():
        setattr(stop, field, value)
    old = []
    for kind, upload in (("image", image), ("audio", audio)):
        field = getattr(stop, kind)
        if upload:
            check_file(upload, kind)
            old += [field.name] if field else []
            field.save(upload.name, upload, save=False)
        elif kind in remove and field:
            old.append(field.name)
            setattr(stop, kind, "")
    stop.save()
    _delete_files(old)
    Route.objects.filter(pk=stop.route_id).update(updated_at=timezone.now())
    return stop


@transaction.atomic
def delete_stop(*, stop_id: int, route_id: int | None = None) -> None:
    stop = get_stop(stop_id, lock=True)
    if route_id is not None and stop.route_id != route_id:
        raise DomainError(errors.NOT_FOUND_STOP)
    _delete_files(_files_of(stop))
    stop.delete()


def media_file(stop: RouteStop, kind: str):
    """(open file, content type) of a stop's image/audio, refusing paths outside this schema."""
    field = getattr(stop, kind, None) if kind in ("image", "audio") else None
    if not field or not field.name.startswith(f"{connection.schema_name}/routes/"):
        raise DomainError(errors.NOT_FOUND_FILE)
    types = IMAGE_TYPES if kind == "image" else AUDIO_TYPES
    try:
        return field.open("rb"), types.get(_ext(field.name), "application/octet-stream")
    except FileNotFoundError as exc:
        raise DomainError(errors.NOT_FOUND_FILE) from exc
