import { h } from "../ui.js";

const MAKERS = [
  ["#/make/m2v", "Marketing video", "From a product link or your photos: three scripts, previews, then the ad with a presenter, voice-over, b-roll and captions."],
  ["#/make/product-avatar", "Product Avatar", "A presenter holds your product; then the photo talks."],
  ["#/make/anyshoot", "AnyShoot", "Your product placed into scene templates."],
  ["#/make/image2video", "Image to video", "One picture becomes a 5 or 10 second clip."],
  ["#/make/video-avatar", "Video Avatar", "A presenter, your video or your photo speaks your text or your audio."],
];

export function render(main) {
  main.append(
    h("h1", {}, "What shall we make?"),
    h("ul", { class: "tiles" }, MAKERS.map(([href, title, text]) =>
      h("li", {}, h("a", { href, class: "tile" }, h("strong", {}, title), h("span", {}, text))))),
    h("p", {}, "Everything you make is kept in your ", h("a", { href: "#/library" }, "Library"), "."),
  );
}
