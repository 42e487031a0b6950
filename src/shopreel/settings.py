"""All of ShopReel's settings: one pydantic-settings class, environment prefix ``SHOPREEL_``.

The object is built once at the edge (CLI, test fixture) and passed down; nothing reads
the environment anywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOPREEL_", env_file=None, extra="ignore")

    # Where things live.
    data_dir: Path = Field(Path("data"), description="SQLite file, local blobs, secrets.")
    database_url: str | None = Field(None, description="Default: sqlite:///<data_dir>/shopreel.db")
    storage_url: str | None = Field(None, description="Default: file://<data_dir>/blobs; or s3://bucket/prefix")
    queue: Literal["embedded", "procrastinate"] | None = Field(
        None, description="Default follows the database: PostgreSQL means procrastinate."
    )

    # HTTP edge.
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = Field(
        None, description="Base URL clients reach this server at; default http://<host>:<port>."
    )
    cdn_base_url: str | None = Field(None, description="Base URL for needCloudFrontUrl=true.")
    signing_key: SecretStr | None = Field(
        None, description="HMAC key for signed file URLs; default: generated once into the data dir."
    )

    # Files.
    max_image_bytes: int = 20 * 1024 * 1024
    max_audio_bytes: int = 50 * 1024 * 1024
    max_video_bytes: int = 500 * 1024 * 1024
    max_image_pixels: int = 80_000_000
    upload_url_ttl_s: int = 3600
    download_url_ttl_s: int = 24 * 3600

    # Tasks and workers.
    workers: int = Field(2, ge=0, description="Embedded worker threads; 0 runs no jobs in this process.")
    max_unfinished_tasks: int = Field(20, ge=1, description="Per-user cap; beyond it a submit answers 4007.")
    task_max_attempts: int = Field(2, ge=1, description="Runs of a task whose worker died, before it fails.")
    heartbeat_s: float = 5.0
    stall_timeout_s: float = 60.0
    idempotency_ttl_s: int = 24 * 3600

    # Outbound HTTP (scraper, callbacks).
    allow_private_urls: bool = Field(
        False, description="Let outbound requests reach loopback/private/link-local addresses (tests, intranets)."
    )
    outbound_timeout_s: float = 15.0
    scrape_max_page_bytes: int = 5 * 1024 * 1024
    scrape_max_media: int = 12
    webhook_retry_schedule_s: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [0, 10, 60, 300, 1800, 7200],
        description="Delay before each delivery attempt; comma-separated in the environment.",
    )
    webhook_timeout_s: float = 10.0

    log_level: str = "info"

    @field_validator("webhook_retry_schedule_s", mode="before")
    @classmethod
    def _split_schedule(cls, value: object) -> object:
        if isinstance(value, str):
            return [float(part) for part in value.split(",") if part.strip()]
        return value

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir.resolve() / 'shopreel.db'}"

    @property
    def resolved_storage_url(self) -> str:
        return self.storage_url or f"file://{self.data_dir.resolve() / 'blobs'}"

    @property
    def resolved_public_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def resolved_queue(self) -> str:
        if self.queue:
            return self.queue
        return "procrastinate" if self.resolved_database_url.startswith("postgresql") else "embedded"
