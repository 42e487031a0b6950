// The Studio's shell: sign-in, the navigation, and a page per hash route. Each page
// module exports `render(view, signal)`; `signal` aborts when the person leaves the page,
// which stops its polling.
import * as api from "./api.js";
import { h, field, guarded, errorBox, busy } from "./ui.js";

const ROUTES = {
  "/": () => import("./pages/home.js"),
  "/make/m2v": () => import("./pages/m2v.js"),
  "/make/product-avatar": () => import("./pages/product_avatar.js"),
  "/make/anyshoot": () => import("./pages/anyshoot.js"),
  "/make/image2video": () => import("./pages/image2video.js"),
  "/make/video-avatar": () => import("./pages/video_avatar.js"),
  "/library": () => import("./pages/library.js"),
  "/catalog/voices": () => import("./pages/catalogs.js").then((m) => ({ render: m.voices })),
  "/catalog/captions": () => import("./pages/catalogs.js").then((m) => ({ render: m.captions })),
  "/catalog/presenters": () => import("./pages/catalogs.js").then((m) => ({ render: m.presenters })),
  "/catalog/templates": () => import("./pages/catalogs.js").then((m) => ({ render: m.templates })),
};

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const toggle = document.querySelector(".menu-toggle");
let leaving = new AbortController();
let moved = false;

function signInPage(problem) {
  const uid = h("input", { type: "text", autocomplete: "username", spellcheck: "false", required: true });
  const key = h("input", { type: "password", autocomplete: "current-password", required: true });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const errors = h("div", {}, problem ? errorBox(problem) : null);
  const form = h("form", { class: "sign-in", "aria-labelledby": "sign-in-title" },
    h("h1", { id: "sign-in-title" }, "Sign in to ShopReel Studio"),
    h("p", {}, "Use your ShopReel uid and API key. The key stays in this tab until you close it or sign out."),
    field("Uid (Topview-Uid)", uid), field("API key", key, ["Starts with sk-. Or run ", h("code", {}, "shopreel studio-link"), " on the server for a sign-in link."]),
    errors, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(button, errors, async () => {
      await api.signIn(uid.value, key.value);
      location.hash = "#/";
      show();
    });
  });
  main.replaceChildren(form);
  uid.focus();
}

function chrome(signedIn) {
  nav.hidden = !signedIn;
  toggle.hidden = !signedIn;
  document.getElementById("who").textContent = signedIn ? `Signed in as ${api.session().uid}` : "";
  const path = routePath();
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === `#${path}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function routePath() {
  const path = location.hash.replace(/^#/, "").split("?")[0];
  return path.startsWith("/") ? path : "/";
}

async function show() {
  const arriving = !moved;
  moved = true;
  leaving.abort();
  leaving = new AbortController();
  const signal = leaving.signal;
  if (!api.session()) {
    chrome(false);
    signInPage();
    return;
  }
  chrome(true);
  nav.classList.remove("open");
  toggle.setAttribute("aria-expanded", "false");
  const load = ROUTES[routePath()];
  if (!load) {
    main.replaceChildren(h("h1", {}, "Not found"), h("p", {}, "This page does not exist. ", h("a", { href: "#/" }, "Start here.")));
    return;
  }
  main.replaceChildren(busy("Loading…"));
  // The page is built off-screen and shown whole, and only if it is still the one asked
  // for: a page left while it loads never lands on top of the next one.
  const view = h("div", { class: "page" });
  try {
    const page = await load();
    await page.render(view, signal);
    if (!signal.aborted) main.replaceChildren(view);
  } catch (error) {
    if (!signal.aborted) main.replaceChildren(errorBox(error));
  }
  if (!signal.aborted) {
    const heading = main.querySelector("h1");
    if (heading) document.title = `${heading.textContent} · ShopReel Studio`;
    // After a move within the Studio, focus goes to the new page (screen readers read it
    // from the top); on arrival it stays at the start of the document, before the skip link.
    if (!arriving) main.focus({ preventScroll: true });
  }
}

async function start() {
  const link = new URLSearchParams(location.hash.replace(/^#/, "")).get("link");
  if (link) {
    history.replaceState(null, "", `${location.pathname}#/`); // the token leaves the address bar at once
    try {
      await api.redeemLink(link);
    } catch (error) {
      chrome(false);
      signInPage(error);
      return;
    }
  }
  show();
}

toggle.addEventListener("click", () => {
  const open = !nav.classList.contains("open");
  nav.classList.toggle("open", open);
  toggle.setAttribute("aria-expanded", String(open));
});
document.getElementById("sign-out").addEventListener("click", () => {
  api.signOut();
  api.forget();
  location.hash = "#/";
  show();
});
window.addEventListener("studio:signed-out", () => {
  api.signOut();
  api.forget();
  leaving.abort();
  chrome(false);
  signInPage("Your key is no longer accepted: sign in again.");
});
window.addEventListener("hashchange", show);
start();
