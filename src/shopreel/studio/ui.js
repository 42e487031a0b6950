// DOM helpers and the widgets every page shares: labelled fields, pickers with a preview,
// a file input that uploads, a task panel with live progress, media players.
import * as api from "./api.js";

// h("p", {class: "x", onclick: f}, "text", child): an element; attributes starting with
// "on" become listeners, booleans toggle, null and undefined are skipped.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
export const uid = (prefix = "f") => `${prefix}-${++ids}`;

export function announce(text) {
  const region = document.getElementById("announce");
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 50);
}

// A labelled control: field("Product link", input) with an optional hint under it.
export function field(label, control, hint) {
  const id = control.id || (control.id = uid());
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h("div", { class: "field" }, h("label", { for: id }, label), control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null);
}

export function select(options, value) {
  const element = h("select", {});
  for (const option of options) {
    const [optionValue, text] = Array.isArray(option) ? option : [option, option];
    element.append(h("option", { value: optionValue, selected: String(optionValue) === String(value) }, text));
  }
  return element;
}

// An error in words, where the person is looking; role=alert reads it out.
export function errorBox(error) {
  const message = error instanceof Error ? error.message : String(error);
  return h("p", { class: "error", role: "alert" }, message);
}

export function busy(text) {
  return h("p", { class: "busy", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

// Run `work` for a form button: the button is disabled meanwhile and an error lands in
// `where` (cleared first).
export async function guarded(button, where, work) {
  where.replaceChildren();
  button.disabled = true;
  try {
    return await work();
  } catch (error) {
    where.replaceChildren(errorBox(error));
    return undefined;
  } finally {
    button.disabled = false;
  }
}

const KIND = (url) => {
  const path = (url || "").split("?")[0].toLowerCase();
  if (/\.(mp4|mov|webm)$/.test(path)) return "video";
  if (/\.(mp3|wav|m4a|ogg)$/.test(path)) return "audio";
  if (/\.(png|jpe?g|webp|gif|bmp)$/.test(path)) return "image";
  return null;
};

// A player for a media URL by its extension, with a download link under it.
export function media(url, { label = "Result", download = true, poster } = {}) {
  const kind = KIND(url);
  let player;
  if (kind === "video") player = h("video", { src: url, poster, controls: true, preload: "metadata", playsinline: true, "aria-label": label });
  else if (kind === "audio") player = h("audio", { src: url, controls: true, preload: "none", "aria-label": label });
  else player = h("img", { src: url, alt: label, loading: "lazy" });
  return h("figure", { class: `media ${kind || "image"}` }, player,
    download ? h("figcaption", {}, h("a", { href: url, download: "", target: "_blank", rel: "noopener" }, `Download ${label.toLowerCase()}`)) : null);
}

// The media a task made, found in its query result by field (what each kind calls its
// outputs), newest kinds included; covers and inputs are left out.
const OUTPUT_FIELDS = new Set(["url", "videoUrl", "filePath", "outputVideoUrl", "finishedVideoUrl",
  "resultImageUrl", "bgRemovedImagePath", "maskImagePath", "demoAudioUrl", "imageSceneUrl"]);
export function outputs(result) {
  const found = [];
  const walk = (value, key) => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, key));
    else if (value && typeof value === "object") {
      for (const [name, inner] of Object.entries(value)) {
        if (name === "videoSceneInfoList" || name === "imageSceneInfoList" || name === "aiAvatar") continue;
        walk(inner, name);
      }
    } else if (typeof value === "string" && OUTPUT_FIELDS.has(key) && KIND(value) && !found.includes(value)) {
      found.push(value);
    }
  };
  walk(result, "");
  return found;
}

export const KIND_NAMES = {
  m2v: "Marketing video", product_avatar_replace: "Product Avatar image", product_avatar_i2v: "Product Avatar video",
  anyshoot: "AnyShoot", image2video: "Image to video", video_avatar: "Video Avatar",
  scraper: "Product page", remove_background: "Background removal", text2voice: "Voice-over",
};

// Live progress for one task: a <progress>, the status in words and, when it ends, what
// `render(result)` shows (or the error). Resolves with the final result.
export async function taskPanel(where, path, taskId, render, signal) {
  const bar = h("progress", { max: 100, value: 0, "aria-label": "Progress" });
  const state = h("span", { class: "state" }, "Queued");
  const panel = h("div", { class: "task", "aria-live": "polite" }, h("div", { class: "task-line" }, state, bar));
  where.replaceChildren(panel);
  const final = await api.watch(path, taskId, (result) => {
    const status = api.statusOf(result);
    bar.value = result.progress || 0;
    state.textContent = status === "running" ? `Working… ${result.progress || 0}%` : status === "init" ? "Queued" : status;
  }, signal);
  if (api.statusOf(final) === "success") {
    panel.replaceChildren(...[render(final)].flat());
    announce("Done.");
  } else if (api.statusOf(final) === "fail") {
    panel.replaceChildren(errorBox(`It failed: ${final.errorMsg || "no reason given"}.`));
    announce("It failed.");
  }
  return final;
}

// A file input that uploads as soon as a file is chosen and shows it; `.fileIds()` gives
// what arrived (waiting for uploads still under way).
export function uploader(label, { accept = "image/*", multiple = false, hint } = {}) {
  const input = h("input", { type: "file", accept, multiple });
  const shown = h("div", { class: "thumbs" });
  const status = h("div", {});
  let pending = Promise.resolve([]);
  input.addEventListener("change", () => {
    const files = [...input.files];
    shown.replaceChildren(...files.map((file) => {
      const url = URL.createObjectURL(file);
      return file.type.startsWith("video/") ? h("video", { src: url, muted: true, "aria-label": file.name })
        : file.type.startsWith("audio/") ? h("audio", { src: url, controls: true, "aria-label": file.name })
          : h("img", { src: url, alt: file.name });
    }));
    status.replaceChildren(files.length ? busy(`Uploading ${files.length} file${files.length > 1 ? "s" : ""}…`) : "");
    pending = Promise.all(files.map((file) => api.upload(file)));
    pending.then(() => status.replaceChildren(h("p", { class: "ok" }, "Uploaded.")),
      (error) => status.replaceChildren(errorBox(error)));
  });
  const element = field(label, input, hint);
  element.append(shown, status);
  element.fileIds = () => pending;
  element.hasFiles = () => input.files.length > 0;
  element.input = input;
  return element;
}

// A group of radio cards (a picture and a name each); `.value()` is the chosen id.
export function cards(legend, items, { name = uid("pick"), none, onchange, kind = "" } = {}) {
  const group = h("fieldset", { class: "cards" }, h("legend", {}, legend));
  const list = h("div", { class: `card-grid ${kind}`.trim() });
  const option = (id, title, picture, extra) => {
    const input = h("input", { type: "radio", name, value: id, checked: id === "" });
    if (onchange) input.addEventListener("change", () => onchange(id));
    return h("label", { class: "card" }, input, picture, h("span", { class: "card-name" }, title), extra || null);
  };
  if (none) list.append(option("", none, h("span", { class: "card-blank", "aria-hidden": "true" }, "✦")));
  for (const item of items) list.append(option(item.id, item.name, item.image ? h("img", { src: item.image, alt: "", loading: "lazy" }) : null, item.extra));
  if (!none && list.querySelector("input")) list.querySelector("input").checked = true;
  group.append(list);
  group.value = () => (group.querySelector("input:checked") || {}).value || "";
  return group;
}

// Language and voice, the voice list following the language, with a play button for
// the chosen voice's demo.
export async function voicePicker({ language = "en", withLanguage = true } = {}) {
  const all = await api.voices();
  const names = new Intl.DisplayNames([navigator.language || "en"], { type: "language" });
  const languages = [...new Set(all.map((voice) => voice.language))]
    .map((code) => [code, names.of(code) || code]).sort((a, b) => a[1].localeCompare(b[1]));
  const languageSelect = select(languages, language);
  const voiceSelect = h("select", {});
  const player = h("audio", { preload: "none" });
  const play = h("button", { type: "button", class: "play" }, "▶ Play demo");
  const fill = () => {
    const chosen = all.filter((voice) => voice.language === languageSelect.value);
    voiceSelect.replaceChildren(...chosen.map((voice) => h("option", { value: voice.voiceId },
      `${voice.voiceName}${voice.engine === "piper" ? " · neural" : ""}`)));
  };
  play.addEventListener("click", () => {
    const voice = all.find((item) => item.voiceId === voiceSelect.value);
    if (!voice) return;
    if (!player.paused && player.dataset.voice === voice.voiceId) { player.pause(); return; }
    player.src = voice.demoAudioUrl;
    player.dataset.voice = voice.voiceId;
    player.play().catch(() => announce("The demo could not be played."));
  });
  player.addEventListener("play", () => { play.textContent = "❚❚ Pause demo"; });
  for (const event of ["pause", "ended"]) player.addEventListener(event, () => { play.textContent = "▶ Play demo"; });
  languageSelect.addEventListener("change", fill);
  fill();
  const element = h("div", { class: "voice-picker" },
    withLanguage ? field("Language", languageSelect) : null,
    h("div", { class: "field" }, h("label", { for: voiceSelect.id = uid() }, "Voice"),
      h("div", { class: "inline" }, voiceSelect, play)), player);
  element.language = () => languageSelect.value;
  element.voice = () => voiceSelect.value;
  return element;
}

export async function captionPicker() {
  const styles = await api.captions();
  return cards("Caption style", styles.map((style) => ({ id: style.captionId, name: style.captionName, image: style.thumbnail })),
    { none: "No captions", kind: "captions" });
}
