// The Studio's only way to the server: ShopReel's public API, with the signed-in user's
// uid and key in headers. The key lives in sessionStorage (this tab, until it closes),
// never in a URL, a cookie or a log line.

const SESSION = "shopreel.studio.session";

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION) || "null");
  } catch {
    return null;
  }
}

export function signOut() {
  sessionStorage.removeItem(SESSION);
}

// Checks the credentials against the server before keeping them.
export async function signIn(uid, apiKey) {
  const candidate = { uid: uid.trim(), apiKey: apiKey.trim() };
  if (!candidate.uid || !candidate.apiKey) throw new ApiError("4003", "Enter both your uid and your API key.");
  await request("GET", "/user/credit/detail", { as: candidate });
  sessionStorage.setItem(SESSION, JSON.stringify(candidate));
  return candidate;
}

// Trades a one-time sign-in link (from `shopreel studio-link`) for a key of its user.
export async function redeemLink(link) {
  const result = await request("POST", "/studio/session", { body: { link }, anonymous: true });
  sessionStorage.setItem(SESSION, JSON.stringify({ uid: result.uid, apiKey: result.apiKey }));
  return result;
}

// One API call; resolves with the envelope's result, rejects with an ApiError that says
// what went wrong in words.
export async function request(method, path, { query, body, as, anonymous = false } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const headers = { Accept: "application/json" };
  if (!anonymous) {
    const who = as || session();
    if (!who) throw new ApiError("401", "Sign in first.");
    headers.Authorization = `Bearer ${who.apiKey}`;
    headers["Topview-Uid"] = who.uid;
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError("network", "The server cannot be reached. Is ShopReel still running?");
  }
  if (response.status === 429) {
    const wait = response.headers.get("Retry-After") || "a few";
    throw new ApiError("5003", `Too many requests: try again in ${wait} seconds.`);
  }
  let envelope;
  try {
    envelope = await response.json();
  } catch {
    throw new ApiError(String(response.status), `The server answered HTTP ${response.status}.`);
  }
  if (envelope.code !== "200") {
    if (envelope.code === "401" && !anonymous && !as) window.dispatchEvent(new CustomEvent("studio:signed-out"));
    throw new ApiError(envelope.code, envelope.message || `Error ${envelope.code}`);
  }
  return envelope.result;
}

export const get = (path, query) => request("GET", path, { query });
export const post = (path, body) => request("POST", path, { body });

// The upload formats and the Content-Type their presigned URL requires (shopreel/formats.py);
// browsers name some types otherwise (audio/x-wav, audio/x-m4a), so the PUT sends these.
const FORMATS = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp",
  mp4: "video/mp4", mov: "video/quicktime", avi: "video/x-msvideo", mp3: "audio/mpeg", wav: "audio/wav",
  m4a: "audio/mp4" };
const BROWSER_TYPES = { "audio/x-wav": "wav", "audio/wave": "wav", "audio/x-m4a": "m4a" };

function formatOf(file) {
  const extension = (file.name.split(".").pop() || "").toLowerCase();
  if (FORMATS[extension]) return extension;
  const byType = BROWSER_TYPES[file.type] || Object.keys(FORMATS).find((format) => FORMATS[format] === file.type);
  if (byType) return byType;
  throw new ApiError("4000", `${file.name}: ShopReel takes PNG, JPEG, WebP, BMP, MP4, MOV, AVI, MP3, WAV or M4A files.`);
}

// Upload a File the TopView way: a credential, a PUT of the bytes, a check. Resolves
// with the fileId.
export async function upload(file) {
  const format = formatOf(file);
  const ticket = await get("/v1/upload/credential", { format });
  let put;
  try {
    put = await fetch(ticket.uploadUrl, { method: "PUT", body: file, headers: { "Content-Type": FORMATS[format] } });
  } catch {
    throw new ApiError("network", `${file.name} could not be sent to the file store.`);
  }
  if (!put.ok) {
    let message = `${file.name} was refused (HTTP ${put.status}).`;
    try {
      const body = await put.json();
      if (body.message) message = `${file.name}: ${body.message}`;
    } catch { /* not JSON: keep the status */ }
    throw new ApiError(String(put.status), message);
  }
  const checked = await get("/v1/upload/check", { fileId: ticket.fileId });
  if (checked !== true) throw new ApiError("4000", `${file.name} did not arrive whole; try again.`);
  return ticket.fileId;
}

const DONE = new Set(["success", "fail"]);

export const statusOf = (result) => result.status || result.taskStatus;

// Poll a task's query until it ends, calling onUpdate with each answer; the returned
// promise resolves with the last one. Polling backs off from 1 s to 3 s and stops when
// the task ends or `signal` aborts (the page was left).
export async function watch(path, taskId, onUpdate, signal) {
  let delay = 1000;
  for (;;) {
    const result = await get(path, { taskId });
    if (signal && signal.aborted) return result;
    onUpdate(result);
    if (DONE.has(statusOf(result))) return result;
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (signal && signal.aborted) return result;
    delay = Math.min(3000, delay * 1.3);
  }
}

// Every page of a paged catalog (pageNo/pageSize/data/total).
export async function everything(path, query = {}) {
  const items = [];
  for (let pageNo = 1; ; pageNo++) {
    const page = await get(path, { ...query, pageNo, pageSize: 100 });
    items.push(...page.data);
    if (items.length >= page.total || page.data.length === 0) return items;
  }
}

const cache = new Map();
// A catalog call made once per sign-in and shared by every page that shows it.
export function cached(key, load) {
  if (!cache.has(key)) cache.set(key, load().catch((error) => { cache.delete(key); throw error; }));
  return cache.get(key);
}
export const forget = () => cache.clear();

export const voices = () => cached("voices", () => everything("/v1/voice/query"));
export const captions = () => cached("captions", () => get("/v1/caption/list"));
export const presenters = () => cached("presenters", () => everything("/v1/aiavatar/query"));
export const productAvatars = () => cached("product-avatars", () => everything("/v1/product_avatar/public_avatar/query"));
export const productAvatarCategories = () => cached("pa-categories", () => get("/v1/product_avatar/category/list"));
export const templates = () => cached("templates", () => everything("/v1/product_anyShoot/template/list"));
export const templateCategories = () => cached("template-categories", () => get("/v1/product_anyShoot/template/category/list"));
