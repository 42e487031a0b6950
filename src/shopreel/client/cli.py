"""The client half of the ``shopreel`` CLI: ``upload``, ``scrape`` and ``task get|wait|cancel``.

``register(app)`` adds them to the main app. Credentials come from ``--base-url/--api-key/--uid``,
else ``SHOPREEL_BASE_URL/SHOPREEL_API_KEY/SHOPREEL_UID``, else the ``bootstrap-credentials.json``
the server writes into its data dir on first start. Output is for people by default and one JSON
object on stdout with ``--json``; an error is a message and a non-zero exit, never a traceback:
1 the API or the network failed, 2 bad local input (credentials, file), 3 the task ended in
``fail``, 4 a wait timed out, 130 a wait was interrupted (the task keeps running).

The client comes from a factory, ``make_client`` unless ``ctx.obj[CLIENT_FACTORY_KEY]`` names
another (tests pass one that wires in an ``httpx.MockTransport``).
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from shopreel.client._base import DEFAULT_BASE_URL
from shopreel.client._sync import ShopReel
from shopreel.client.errors import (
    ShopReelAPIError,
    ShopReelClientError,
    TaskTimeoutError,
)
from shopreel.client.kinds import TaskKind
from shopreel.client.models import ScrapeResult, TaskRef, TaskResult, TaskStatus

__all__ = [
    "CLIENT_FACTORY_KEY",
    "BOOTSTRAP_FILE",
    "ClientSettings",
    "CredentialsError",
    "ClientFactory",
    "make_client",
    "resolve_settings",
    "register",
]

CLIENT_FACTORY_KEY = "client_factory"
BOOTSTRAP_FILE = "bootstrap-credentials.json"

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_TASK_FAILED = 3
EXIT_TIMEOUT = 4
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    api_key: str
    uid: str


ClientFactory = Callable[[ClientSettings], ShopReel]


def make_client(settings: ClientSettings) -> ShopReel:
    return ShopReel(settings.base_url, api_key=settings.api_key, uid=settings.uid)


class CredentialsError(ValueError):
    """No API key or uid could be found, or the bootstrap file is unreadable."""


def resolve_settings(
    *, base_url: str, api_key: str | None, uid: str | None, data_dir: Path
) -> ClientSettings:
    """Fill what options and environment left out from ``<data_dir>/bootstrap-credentials.json``."""
    if not api_key or not uid:
        path = data_dir / BOOTSTRAP_FILE
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CredentialsError(
                "no credentials: pass --api-key and --uid, set SHOPREEL_API_KEY and SHOPREEL_UID, "
                f"or point --data-dir at the server's data dir (no {path} found)"
            ) from None
        except (OSError, ValueError) as exc:
            raise CredentialsError(f"cannot read {path}: {exc}") from None
        if not isinstance(saved, dict):
            raise CredentialsError(f"{path} is not a JSON object")
        api_key = api_key or saved.get("apiKey")
        uid = uid or saved.get("uid")
        if not api_key or not uid:
            raise CredentialsError(f"{path} lacks apiKey or uid")
    return ClientSettings(base_url=base_url, api_key=str(api_key), uid=str(uid))


BaseUrlOption = Annotated[
    str, typer.Option("--base-url", envvar="SHOPREEL_BASE_URL", help="Server to talk to.")
]
ApiKeyOption = Annotated[
    str | None,
    typer.Option("--api-key", envvar="SHOPREEL_API_KEY", show_default=False, help="API key (sk-...)."),
]
UidOption = Annotated[
    str | None,
    typer.Option("--uid", envvar="SHOPREEL_UID", show_default=False, help="Account uid."),
]
DataDirOption = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        envvar="SHOPREEL_DATA_DIR",
        help=f"Where to find {BOOTSTRAP_FILE} when no key or uid is given.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
KindOption = Annotated[
    TaskKind | None,
    typer.Option("--kind", help="Query the kind's own TopView endpoint instead of /v1/task/query."),
]
TaskIdArgument = Annotated[str, typer.Argument(metavar="ID", help="Task id.")]
PollOption = Annotated[float, typer.Option("--poll", min=0.1, help="Seconds between polls.")]
TimeoutOption = Annotated[
    float | None, typer.Option("--timeout", min=0.0, help="Give up after this many seconds.")
]


class _Output:
    """Where a command's words go: rich text for people, or one JSON object for machines."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.console = Console(highlight=False)
        self.err = Console(stderr=True, highlight=False)

    def result(self, data: Mapping[str, Any], render: Callable[[Console], None]) -> None:
        if self.as_json:
            typer.echo(json.dumps(data, ensure_ascii=False))
        else:
            render(self.console)

    def error(
        self, message: str, *, code: str | None = None, exit_code: int = EXIT_ERROR
    ) -> typer.Exit:
        """Say what went wrong (on stderr, and as JSON on stdout with ``--json``) and return the
        ``Exit`` to raise."""
        prefix = f"error {code}: " if code else "error: "
        self.err.print(f"[bold red]{escape(prefix)}[/]{escape(message)}", soft_wrap=True)
        if self.as_json:
            error = {"code": code, "message": message}
            typer.echo(json.dumps({"error": error}, ensure_ascii=False))
        return typer.Exit(exit_code)

    def progress(self, *columns: Any) -> Progress:
        return Progress(*columns, console=self.err, disable=self.as_json)


@contextmanager
def _reporting(out: _Output) -> Iterator[None]:
    """Turn what the SDK and the file system raise into a message and an exit code."""
    try:
        yield
    except ShopReelAPIError as exc:
        raise out.error(exc.message, code=exc.code) from None
    except TaskTimeoutError as exc:
        raise out.error(f"{exc}; it keeps running on the server", exit_code=EXIT_TIMEOUT) from None
    except ShopReelClientError as exc:
        raise out.error(str(exc)) from None
    except (OSError, ValueError) as exc:  # bad local input: files, credentials, options
        raise out.error(str(exc), exit_code=EXIT_USAGE) from None


_CONNECTION_PARAMETERS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
    for name, annotation, default in (
        ("base_url", BaseUrlOption, DEFAULT_BASE_URL),
        ("api_key", ApiKeyOption, None),
        ("uid", UidOption, None),
        ("data_dir", DataDirOption, Path("data")),
        ("as_json", JsonOption, False),
    )
]


def _client_command(run: Callable[..., None]) -> Callable[..., None]:
    """Make ``run(client, out, **params)`` a typer command.

    The command takes ``run``'s own parameters plus the connection options and ``--json``
    (declared once, in ``_CONNECTION_PARAMETERS``); it builds the output and a client from the
    factory in ``ctx.obj`` (else ``make_client``), and turns errors into messages and exit codes.
    """
    hints = get_type_hints(run, include_extras=True)
    own = [
        param.replace(annotation=hints[param.name], kind=inspect.Parameter.KEYWORD_ONLY)
        for param in list(inspect.signature(run).parameters.values())[2:]
    ]
    context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    parameters = [context, *own, *_CONNECTION_PARAMETERS]

    @functools.wraps(run)
    def command(ctx: typer.Context, **params: Any) -> None:
        connection = {param.name: params.pop(param.name) for param in _CONNECTION_PARAMETERS}
        out = _Output(connection.pop("as_json"))
        with _reporting(out):
            settings = resolve_settings(**connection)
            factory: ClientFactory = make_client
            if isinstance(ctx.obj, Mapping) and ctx.obj.get(CLIENT_FACTORY_KEY) is not None:
                factory = ctx.obj[CLIENT_FACTORY_KEY]
            with factory(settings) as client:
                run(client, out, **params)

    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {param.name: param.annotation for param in parameters}
    return command


def _ref_json(ref: TaskRef) -> dict[str, Any]:
    return {
        "taskId": ref.task_id,
        "status": ref.status,
        "errorMsg": ref.error_msg,
        "noticeUuid": ref.notice_uuid,
    }


def _task_json(result: TaskResult) -> dict[str, Any]:
    return {
        "taskId": result.task_id,
        "taskType": result.kind,
        "status": result.status.value,
        "progress": result.progress,
        "errorMsg": result.error_msg,
        "result": dict(result.raw),
    }


def _render_task(result: TaskResult) -> Callable[[Console], None]:
    def render(console: Console) -> None:
        table = Table.grid(padding=(0, 2))
        kind = f"  ({result.kind})" if result.kind else ""
        table.add_row("task", escape(result.task_id + kind))
        color = {TaskStatus.SUCCESS: "green", TaskStatus.FAIL: "red"}.get(result.status, "yellow")
        table.add_row("status", f"[{color}]{result.status.value}[/]")
        if result.progress is not None:
            table.add_row("progress", f"{result.progress}%")
        if result.error_msg:
            table.add_row("error", escape(result.error_msg))
        console.print(table)
        if result.raw:
            console.print_json(data=dict(result.raw))

    return render


def _render_scrape(scrape: ScrapeResult) -> Callable[[Console], None]:
    def render(console: Console) -> None:
        table = Table.grid(padding=(0, 2))
        table.add_row("task", escape(scrape.task_id))
        table.add_row("status", scrape.status.value)
        for label, value in (
            ("name", scrape.product_name),
            ("link", scrape.product_link),
            ("brand", scrape.brand),
            ("price", None if scrape.price is None else f"{scrape.price:g} {scrape.currency or ''}"),
            ("error", scrape.error_msg),
        ):
            if value:
                table.add_row(label, escape(value.strip()))
        if scrape.product_description:
            description = scrape.product_description
            short = description if len(description) <= 300 else description[:300] + "…"
            table.add_row("description", escape(short))
        console.print(table)
        media = Table("kind", "fileId", "url", title="media", title_justify="left")
        for kind, items in (("image", scrape.product_images), ("video", scrape.product_videos)):
            for item in items:
                media.add_row(kind, escape(item.file_id), escape(item.file_url or ""))
        if media.row_count:
            console.print(media)

    return render


def _wait_with_progress(
    client: ShopReel,
    out: _Output,
    kind: str | None,
    task_id: str,
    *,
    poll_s: float,
    timeout_s: float | None,
) -> TaskResult:
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with out.progress(*columns) as progress:
        bar = progress.add_task(task_id, total=100)

        def show(result: TaskResult) -> None:
            progress.update(
                bar,
                description=f"{escape(task_id)} {result.status.value}",
                total=None if result.progress is None and not result.done else 100,
                completed=100 if result.status is TaskStatus.SUCCESS else result.progress or 0,
            )

        try:
            return client.wait(kind, task_id, poll_s=poll_s, timeout_s=timeout_s, on_progress=show)
        except KeyboardInterrupt:
            raise out.error(
                f"stopped waiting; task {task_id} keeps running (shopreel task wait {task_id})",
                exit_code=EXIT_INTERRUPTED,
            ) from None


def _finish_task(out: _Output, result: TaskResult, render: Callable[[Console], None]) -> None:
    out.result(_task_json(result), render)
    if result.status is TaskStatus.FAIL:
        raise typer.Exit(EXIT_TASK_FAILED)


@_client_command
def upload_command(
    client: ShopReel,
    out: _Output,
    file: Annotated[Path, typer.Argument(help="Image, video or audio file to upload.")],
    format: Annotated[
        str | None, typer.Option("--format", help="File format when the extension does not say it.")
    ] = None,
) -> None:
    """Upload a file and print its fileId."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with out.progress(*columns) as progress:
        bar = progress.add_task(escape(file.name), total=None)

        def show(sent: int, total: int) -> None:
            progress.update(bar, completed=sent, total=total)

        file_id = client.upload(file, format=format, on_progress=show)
    size = file.stat().st_size
    said = f"uploaded {escape(file.name)} ({size} bytes): fileId [bold]{escape(file_id)}[/]"
    out.result({"fileId": file_id, "file": str(file), "bytes": size}, lambda c: c.print(said))


@_client_command
def scrape_command(
    client: ShopReel,
    out: _Output,
    url: Annotated[str, typer.Argument(help="Product page to scrape.")],
    wait: Annotated[bool, typer.Option("--wait", help="Wait for the product and print it.")] = False,
    notice_url: Annotated[
        str | None, typer.Option("--notice-url", help="Callback URL notified when the task ends.")
    ] = None,
    poll_s: PollOption = 3.0,
    timeout_s: TimeoutOption = None,
) -> None:
    """Submit a scraper task for a product page."""
    ref = client.scrape(url, notice_url=notice_url)
    if not wait:
        said = f"scrape task [bold]{escape(ref.task_id)}[/] submitted"
        out.result(_ref_json(ref), lambda c: c.print(said))
        return
    result = _wait_with_progress(
        client, out, TaskKind.SCRAPER, ref.task_id, poll_s=poll_s, timeout_s=timeout_s
    )
    _finish_task(out, result, _render_scrape(ScrapeResult.from_result(result.raw)))


@_client_command
def task_get_command(
    client: ShopReel, out: _Output, task_id: TaskIdArgument, kind: KindOption = None
) -> None:
    """Show a task's state and result."""
    result = client.query(kind, task_id)
    out.result(_task_json(result), _render_task(result))


@_client_command
def task_wait_command(
    client: ShopReel,
    out: _Output,
    task_id: TaskIdArgument,
    kind: KindOption = None,
    poll_s: PollOption = 3.0,
    timeout_s: TimeoutOption = None,
) -> None:
    """Wait for a task to end, showing its progress; exits 3 if it failed."""
    result = _wait_with_progress(client, out, kind, task_id, poll_s=poll_s, timeout_s=timeout_s)
    _finish_task(out, result, _render_task(result))


@_client_command
def task_cancel_command(client: ShopReel, out: _Output, task_id: TaskIdArgument) -> None:
    """Cancel a task; it then reports fail with errorMsg 'canceled'."""
    ref = client.cancel(task_id)
    said = f"task [bold]{escape(ref.task_id)}[/] canceled"
    out.result(_ref_json(ref), lambda c: c.print(said))


def register(app: typer.Typer, *, task_app: typer.Typer | None = None) -> typer.Typer:
    """Add ``upload``, ``scrape`` and ``task get|wait|cancel`` to ``app``.

    The ``task`` commands go into ``task_app`` when given (already added to ``app`` by the
    caller), else into a new ``task`` sub-app added here. Returns the task sub-app, so more
    task commands can join it.
    """
    app.command("upload")(upload_command)
    app.command("scrape")(scrape_command)
    if task_app is None:
        task_app = typer.Typer(help="Inspect, wait for and cancel tasks.", no_args_is_help=True)
        app.add_typer(task_app, name="task")
    task_app.command("get")(task_get_command)
    task_app.command("wait")(task_wait_command)
    task_app.command("cancel")(task_cancel_command)
    return task_app
