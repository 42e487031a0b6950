"""``shopreel``: run the server, manage users and keys, and (client commands) talk to a server."""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from shopreel.client.cli import register as register_client_commands
from shopreel.settings import Settings

if TYPE_CHECKING:
    from shopreel.engines import Capability
    from shopreel.engines.registry import Engines
    from shopreel.store.credits import Credits

__all__ = ["app", "main"]

app = typer.Typer(help="ShopReel: a self-hosted TopView-compatible media server.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
user_app = typer.Typer(help="Manage users.", no_args_is_help=True)
key_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(key_app, name="key")
app.add_typer(db_app, name="db")
avatar_app = typer.Typer(help="Public photo avatars for Product Avatar, from your own licensed photos.",
                         no_args_is_help=True)
app.add_typer(avatar_app, name="avatar")
credit_app = typer.Typer(help="Users' credit balances (charged per task when SHOPREEL_CREDITS_ENABLED is true).",
                         no_args_is_help=True)
app.add_typer(credit_app, name="credit")

DataDirOption = Annotated[Optional[Path], typer.Option("--data-dir", help="Data directory (SHOPREEL_DATA_DIR).")]


def _settings(data_dir: Path | None = None, **overrides: Any) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    if data_dir is not None:
        values["data_dir"] = data_dir
    return Settings(**values)


def _database(settings: Settings):  # type: ignore[no-untyped-def]
    from shopreel.store.db import Database

    db = Database(settings.resolved_database_url)
    db.upgrade()
    return db


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), stream=sys.stderr,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )


def _write_private_json(path: Path, data: dict[str, str]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    os.chmod(path, 0o600)


def _announce_first_user(uid: str, api_key: str, path: Path, *, settings: Settings,
                         sign_in: Callable[[], str]) -> None:
    """Tell the operator where the first user's credentials are, and how to open the Studio.

    The API key and a Studio sign-in link (``sign_in()`` issues one) are shown only on a
    terminal: when stdout is a file, a pipe, a container's or a service manager's log,
    either would sit in that log for anyone who reads it. The credentials file (mode 0600)
    holds the key either way, and ``shopreel studio-link`` makes a link when one is wanted.
    """
    typer.echo(f"First start: created user {uid}; its API key and webhook signing secret are saved to "
               f"{path.resolve()} (mode 0600).")
    if sys.stdout.isatty():
        typer.echo("Send these headers with every request:")
        typer.echo(f"  Topview-Uid: {uid}")
        typer.echo(f"  Authorization: Bearer {api_key}")
        typer.echo(f"Open the Studio (the link signs you in once, within {_STUDIO_LINK_MINUTES} minutes):")
        typer.echo(f"  {_studio_url(settings, sign_in())}")
    else:
        typer.echo(f"Run `shopreel studio-link` for a sign-in link to the Studio at {_studio_url(settings)}")


#: How long a Studio sign-in link works unless ``--minutes`` says otherwise.
_STUDIO_LINK_MINUTES = 15


def _studio_url(settings: Settings, token: str | None = None) -> str:
    """The Studio's address; with ``token``, a sign-in link. The token rides in the URL's
    fragment, which browsers never send to a server: it reaches no access log or proxy, and
    the Studio's page posts it to ``/studio/session`` itself."""
    url = f"{settings.resolved_public_url}/studio/"
    return f"{url}#link={token}" if token else url


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Interface to listen on (SHOPREEL_HOST).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port (SHOPREEL_PORT).")] = None,
    data_dir: DataDirOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Embedded worker threads (SHOPREEL_WORKERS).")] = None,
) -> None:
    """Run the API (and, in embedded mode, the workers) until interrupted."""
    import uvicorn

    from shopreel.api.app import create_app
    from shopreel.runtime import DataDirLocked, Runtime
    from shopreel.store.studio_links import issue_link
    from shopreel.store.users import count_users, create_user

    settings = _settings(data_dir, host=host, port=port, workers=workers)
    _configure_logging(settings.log_level)
    runtime = Runtime.build(settings)
    if settings.resolved_queue == "embedded":
        try:
            runtime.lock_data_dir()
        except DataDirLocked as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        if settings.workers > 0:
            _preload_engines(runtime.engines, _engines_of(None))
    if count_users(runtime.db) == 0:
        credentials = create_user(runtime.db, name="admin")
        path = settings.data_dir / "bootstrap-credentials.json"
        _write_private_json(path, credentials.as_json())
        _announce_first_user(credentials.uid, credentials.api_key, path, settings=settings,
                             sign_in=lambda: issue_link(runtime.db, credentials.uid,
                                                        ttl_s=_STUDIO_LINK_MINUTES * 60))
    typer.echo(f"ShopReel listening on {settings.resolved_public_url} (docs at /docs)")
    application = create_app(settings, runtime=runtime)
    uvicorn.run(application, host=settings.host, port=settings.port, log_level=settings.log_level,
                access_log=False, timeout_graceful_shutdown=10)


@app.command()
def worker(
    data_dir: DataDirOption = None,
    queues: Annotated[Optional[str], typer.Option(help="Comma-separated queues to take jobs from (default: all).")] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="Tasks run at once by this process.")] = 2,
) -> None:
    """Run a distributed worker (PostgreSQL + Procrastinate) until SIGINT/SIGTERM.

    The engines of the capabilities it serves are loaded before it takes a task, so wrong
    engine settings (an unknown name, missing weights) stop it at once with exit code 1."""
    from shopreel.engines.registry import Engines
    from shopreel.jobs import JOBS
    from shopreel.runtime import Runtime
    from shopreel.tasks.distributed import DistributedWorker

    settings = _settings(data_dir)
    _configure_logging(settings.log_level)
    names = [q.strip() for q in queues.split(",") if q.strip()] if queues else None
    known = sorted({*_capabilities(), *(spec.queue for spec in JOBS.values())})
    unknown = [name for name in names or () if name not in known]
    if unknown:
        typer.echo(f"error: unknown queue {', '.join(map(repr, unknown))}; the queues are {', '.join(known)}", err=True)
        raise typer.Exit(2)
    engines = Engines(settings)
    _preload_engines(engines, _engines_of(names))
    if settings.resolved_queue != "procrastinate":
        typer.echo("error: `shopreel worker` needs the distributed queue: set SHOPREEL_DATABASE_URL to a "
                   "PostgreSQL URL (embedded `shopreel serve` runs its own workers)", err=True)
        raise typer.Exit(2)
    runtime = Runtime.build(settings, engines=engines)
    typer.echo(f"ShopReel worker: queues {', '.join(names) if names else 'all'}, concurrency {concurrency}")
    try:
        DistributedWorker(runtime, queues=names, concurrency=concurrency).run()
    finally:
        runtime.close()


def _engines_of(queues: list[str] | None) -> list[Capability]:
    """The engines a worker taking ``queues`` (all when None) runs: each capability queue's,
    and matting everywhere (every image job cuts its product out)."""
    capabilities = _capabilities()
    if queues is None:
        return list(capabilities.values())
    return [capabilities["matting"], *(capabilities[name] for name in queues if name in capabilities and
                                       name != "matting")]


def _capabilities() -> dict[str, Capability]:
    from shopreel.engines import Capability

    return {capability.value: capability for capability in Capability}


def _preload_engines(engines: Engines, capabilities: list[Capability]) -> None:
    """Load the engines now, so wrong engine settings stop the process at its start."""
    from shopreel.engines import EngineError

    try:
        engines.preload(capabilities)
    except EngineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@user_app.command("create")
def user_create(
    name: Annotated[str, typer.Option(help="A label for the user.")] = "",
    data_dir: DataDirOption = None,
) -> None:
    """Create a user; prints {"uid", "apiKey", "webhookSecret"} as JSON."""
    from shopreel.store.users import create_user

    credentials = create_user(_database(_settings(data_dir)), name=name)
    typer.echo(json.dumps(credentials.as_json()))


@key_app.command("create")
def key_create(uid: Annotated[str, typer.Argument(help="The user's uid.")], data_dir: DataDirOption = None) -> None:
    """Add an API key to a user; prints {"uid", "apiKey", "webhookSecret"} as JSON."""
    from shopreel.errors import ShopReelError
    from shopreel.store.users import create_key

    try:
        credentials = create_key(_database(_settings(data_dir)), uid)
    except ShopReelError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps(credentials.as_json()))


@key_app.command("revoke")
def key_revoke(api_key: Annotated[str, typer.Argument(help="The full API key to revoke.")], data_dir: DataDirOption = None) -> None:
    """Revoke an API key; requests with it answer 401 from then on."""
    from shopreel.errors import ShopReelError
    from shopreel.store.users import revoke_key

    try:
        uid = revoke_key(_database(_settings(data_dir)), api_key)
    except ShopReelError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps({"uid": uid, "revoked": True}))


@avatar_app.command("add")
def avatar_add(
    photo: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A photo of a person holding an object.")],
    name: Annotated[str, typer.Option(help="Shown in the public avatar list.")],
    gender: Annotated[str, typer.Option(help="male or female.")],
    ethnicity: Annotated[Optional[list[str]], typer.Option(help="Ethnicity id (repeatable).")] = None,
    category: Annotated[Optional[list[str]], typer.Option(help="Product category id (repeatable).")] = None,
    location: Annotated[Optional[str], typer.Option(
        help="The held object's corners TL, TR, BR, BL as x1,y1,x2,y2,x3,y3,x4,y4; default: found from the hands.")] = None,
    hand: Annotated[Optional[str], typer.Option(help="left or right: which hand holds the object.")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Add a photo avatar; prints its record as JSON."""
    from shopreel.catalog.presenters import find_category, find_ethnicity
    from shopreel.errors import ShopReelError
    from shopreel.media.face import face_exists
    from shopreel.media.image.io import encode_image, read_image
    from shopreel.media.image.replace import find_held_object
    from shopreel.runtime import Runtime
    from shopreel.store.photo_avatars import add_photo_avatar

    def fail(message: str) -> None:
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(1)

    if gender not in ("male", "female"):
        fail(f"--gender must be male or female, got {gender!r}")
    for value, find, what in [(e, find_ethnicity, "ethnicity") for e in ethnicity or []] + \
                             [(c, find_category, "category") for c in category or []]:
        if find(value) is None:
            fail(f"unknown {what} id {value!r} (see /v1/ethnicity/list and /v1/product_avatar/category/list)")
    try:
        image = read_image(photo)
    except OSError as exc:
        fail(f"{photo} is not an image ShopReel can read: {exc}")
    if not face_exists(image):
        fail(f"no face found in {photo}: a product avatar shows the person holding the product")
    height, width = image.shape[:2]
    if location:
        try:
            numbers = [float(v) for v in location.split(",")]
        except ValueError:
            numbers = []
        if len(numbers) != 8:
            fail("--location needs 8 numbers: x1,y1,x2,y2,x3,y3,x4,y4")
        quad = [[numbers[i], numbers[i + 1]] for i in range(0, 8, 2)]
        if any(not (0 <= x <= width and 0 <= y <= height) for x, y in quad):
            fail(f"--location corners must lie inside the {width}x{height} photo")
    else:
        try:
            quad = [[float(x), float(y)] for x, y in find_held_object(image, hand=hand)]
        except ShopReelError as exc:
            fail(f"{exc.message} (use --location)")
    runtime = Runtime.build(_settings(data_dir))
    try:
        avatar_id = secrets.token_hex(16)
        key = f"catalog/photo-avatars/{avatar_id}.jpg"
        runtime.blobs.put_bytes(key, encode_image(image))
        record = add_photo_avatar(runtime.db, avatar_id=avatar_id, name=name, gender=gender,
                                  ethnicity_ids=list(ethnicity or []), category_ids=list(category or []),
                                  storage_key=key, width=width, height=height, quad=quad)
    finally:
        runtime.close()
    typer.echo(json.dumps({"avatarId": record.avatar_id, "name": record.name, "gender": record.gender,
                           "width": width, "height": height, "location": quad}))


@avatar_app.command("list")
def avatar_list(data_dir: DataDirOption = None) -> None:
    """The photo avatars, as JSON lines."""
    from shopreel.store.photo_avatars import list_photo_avatars

    for record in list_photo_avatars(_database(_settings(data_dir))):
        typer.echo(json.dumps({"avatarId": record.avatar_id, "name": record.name, "gender": record.gender}))


@avatar_app.command("remove")
def avatar_remove(avatar_id: str, data_dir: DataDirOption = None) -> None:
    """Remove a photo avatar (pictures already made from it stay)."""
    from shopreel.errors import ShopReelError
    from shopreel.store.photo_avatars import remove_photo_avatar

    try:
        remove_photo_avatar(_database(_settings(data_dir)), avatar_id)
    except ShopReelError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps({"avatarId": avatar_id, "removed": True}))

@app.command("studio-link")
def studio_link(
    uid: Annotated[Optional[str], typer.Option(
        "--uid", help="The user to sign in (default: the first user, from bootstrap-credentials.json).")] = None,
    minutes: Annotated[int, typer.Option(min=1, max=24 * 60, help="How long the link works.")] = _STUDIO_LINK_MINUTES,
    data_dir: DataDirOption = None,
) -> None:
    """Print a one-time sign-in link to the Studio, the web console at /studio/; when and
    how it stops working goes to stderr."""
    from shopreel.client.cli import BOOTSTRAP_FILE
    from shopreel.errors import ShopReelError
    from shopreel.store.studio_links import issue_link

    settings = _settings(data_dir)
    if uid is None:
        path = settings.data_dir / BOOTSTRAP_FILE
        try:
            uid = str(json.loads(path.read_text(encoding="utf-8"))["uid"])
        except (OSError, ValueError, KeyError, TypeError):
            typer.echo(f"error: no first user's uid in {path}: pass --uid UID (`shopreel user create` "
                       "makes a user)", err=True)
            raise typer.Exit(1) from None
    try:
        token = issue_link(_database(settings), uid, ttl_s=minutes * 60)
    except ShopReelError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(_studio_url(settings, token))
    typer.echo(f"Signs in user {uid} once, within the next {minutes} minute{'s' if minutes != 1 else ''}.",
               err=True)


UidOption = Annotated[str, typer.Option("--uid", help="The user's uid.")]


def _print_balance(uid: str, change: Callable[[Credits], int], data_dir: Path | None) -> None:
    """Print ``{"uid", "balance", "creditsEnabled"}`` after ``change`` (which returns the
    balance), or the error a user caused and exit 1."""
    from shopreel.errors import ShopReelError
    from shopreel.store.credits import Credits

    settings = _settings(data_dir)
    try:
        balance = change(Credits(_database(settings), initial_balance=settings.credits_initial_balance))
    except ShopReelError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps({"uid": uid, "balance": balance, "creditsEnabled": settings.credits_enabled}))


@credit_app.command("grant")
def credit_grant(
    uid: UidOption,
    amount: Annotated[int, typer.Option(help="Credits to add; negative takes them back (never below 0).")],
    data_dir: DataDirOption = None,
) -> None:
    """Add credits to a user's balance; prints {"uid", "balance", "creditsEnabled"} as JSON."""
    _print_balance(uid, lambda credits: credits.grant(uid, amount), data_dir)


@credit_app.command("show")
def credit_show(uid: UidOption, data_dir: DataDirOption = None) -> None:
    """A user's balance; prints {"uid", "balance", "creditsEnabled"} as JSON."""
    _print_balance(uid, lambda credits: credits.balance(uid), data_dir)


@db_app.command("upgrade")
def db_upgrade(data_dir: DataDirOption = None) -> None:
    """Apply database migrations (serve does this on start too)."""
    _database(_settings(data_dir))
    typer.echo("database is up to date")


register_client_commands(app)


def main() -> None:
    app()
