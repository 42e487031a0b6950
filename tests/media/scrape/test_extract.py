import json

import pytest

from shopreel.media.scrape import ProductPage, extract_product

from .pages import (
    jsonld_only_page,
    opengraph_only_page,
    plain_html_page,
    shopify_page,
    woocommerce_page,
)

PAGE_URL = "https://shop.test/products/tee"
IMAGES = [
    "https://cdn.shop.test/files/scarf-front.jpg",
    "https://cdn.shop.test/files/scarf-back.png",
    "https://cdn.shop.test/files/scarf-detail.webp",
    "https://cdn.shop.test/files/scarf-worn.jpg",
]
VIDEO = "https://cdn.shop.test/videos/scarf.mp4"


def html(body: str = "", *, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def jsonld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def shopify_json(product: object, *, attribute: str = "data-product-json") -> str:
    """A product JSON script as Liquid's ``json`` filter writes it (``</`` becomes ``<\\/``)."""
    text = json.dumps(product).replace("/", "\\/")
    return f'<script type="application/json" {attribute}>{text}</script>'


# --- whole pages, one per platform ---------------------------------------------------------

WHOLE_PAGES = [
    pytest.param(
        shopify_page(
            title="Merino Scarf",
            description_html="<p>Soft &amp; warm merino.</p><p>Wash &#39;cold&#39;.</p>",
            vendor="Lakeside",
            price_cents=1999,
            image_urls=IMAGES,
            video_url=VIDEO,
        ),
        "https://example-store.myshopify.com/products/merino-scarf",
        ProductPage(
            name="Merino Scarf",
            description="Soft & warm merino. Wash 'cold'.",
            price="19.99",
            currency="USD",
            brand="Lakeside",
            images=tuple(IMAGES),
            videos=(VIDEO,),
        ),
        id="shopify",
    ),
    pytest.param(
        woocommerce_page(
            title="Linen Apron",
            description_html="<p>Heavy linen &amp; brass rings.</p>\n<p>Made in Lisbon.</p>",
            price="24.50",
            currency="EUR",
            brand="Oficina",
            image_urls=IMAGES,
        ),
        "https://shop.example/product/linen-apron/",
        ProductPage(
            name="Linen Apron",
            description="Heavy linen & brass rings. Made in Lisbon.",
            price="24.50",
            currency="EUR",
            brand="Oficina",
            images=tuple(IMAGES),
        ),
        id="woocommerce",
    ),
    pytest.param(
        jsonld_only_page(
            name="Trail Bottle 750 ml",
            description="Keeps water cold for 24 hours.",
            price="32.00",
            currency="GBP",
            brand="Fellside",
            image_urls=IMAGES,
            video_url=VIDEO,
        ),
        "https://northwind.example/p/trail-bottle",
        ProductPage(
            name="Trail Bottle 750 ml",
            description="Keeps water cold for 24 hours.",
            price="32.00",
            currency="GBP",
            brand="Fellside",
            images=tuple(IMAGES),
            videos=(VIDEO,),
        ),
        id="jsonld-only",
    ),
    pytest.param(
        opengraph_only_page(
            title="Canvas Tote",
            description="Waxed canvas, leather handles.",
            image_urls=IMAGES[:2],
            price="45",
            currency="usd",
        ),
        PAGE_URL,
        ProductPage(
            name="Canvas Tote",
            description="Waxed canvas, leather handles.",
            price="45",
            currency="USD",
            images=tuple(IMAGES[:2]),
        ),
        id="opengraph-only",
    ),
    pytest.param(
        plain_html_page(
            title="Walnut Chopping Board",
            description="Cut from one piece of walnut and oiled by hand in our workshop.",
            image_urls=IMAGES,
        ),
        PAGE_URL,
        ProductPage(
            name="Walnut Chopping Board",
            description="Cut from one piece of walnut and oiled by hand in our workshop.",
            images=tuple(IMAGES),
        ),
        id="plain-html",
    ),
]


@pytest.mark.parametrize(("page", "page_url", "expected"), WHOLE_PAGES)
def test_whole_page_gives_exactly_its_product(page, page_url, expected):
    assert extract_product(page, page_url=page_url) == expected


def test_shopify_page_served_over_http_keeps_its_urls():
    images = ["http://127.0.0.1:8123/media/a.jpg", "http://127.0.0.1:8123/media/b.jpg"]
    page = shopify_page(
        title="Mug",
        description_html="<p>Stoneware.</p>",
        vendor="Kiln",
        price_cents=1200,
        image_urls=images,
    )
    found = extract_product(page, page_url="http://127.0.0.1:8123/products/mug")
    assert (found.images, found.videos, found.price) == (tuple(images), (), "12.00")


# --- Shopify -----------------------------------------------------------------------------


def test_shopify_variants_collapse_to_the_original_upload():
    cdn = "//cdn.shopify.com/s/files/1/0001/products"
    product = {
        "title": "Tee",
        "featured_image": f"{cdn}/tee_1024x1024.jpg?v=2",
        "images": [f"{cdn}/tee_grande.jpg?v=1", f"{cdn}/back_small.png?v=1", f"{cdn}/back.png"],
        "media": [{"media_type": "image", "src": f"https:{cdn}/tee.jpg?v=3"}],
    }
    og = (
        f'<meta property="og:image" content="http:{cdn}/side_800x.jpg?v=4&amp;width=800">'
        f'<meta property="og:image" content="{cdn}/side_300x300_crop_center@2x.progressive.jpg">'
    )
    found = extract_product(html(shopify_json(product), head=og), page_url=PAGE_URL)
    assert found.images == (
        "https://cdn.shopify.com/s/files/1/0001/products/tee.jpg",
        "https://cdn.shopify.com/s/files/1/0001/products/back.png",
        "https://cdn.shopify.com/s/files/1/0001/products/side.jpg",
    )


def test_shopify_cdn_images_collapse_on_any_page_but_other_sized_names_stay():
    head = (
        '<meta property="og:image" content="https://shop.test/cdn/shop/files/mug_1200x.jpg?v=9">'
        '<meta property="og:image" content="https://img.shop.test/mug_800x600.jpg">'
    )
    assert extract_product(html(head=head), page_url=PAGE_URL).images == (
        "https://shop.test/cdn/shop/files/mug.jpg",
        "https://img.shop.test/mug_800x600.jpg",
    )


@pytest.mark.parametrize(
    ("price", "expected"),
    [(1999, "19.99"), (2000, "20.00"), (5, "0.05"), ("19.99", "19.99"), ("1999", "1999")],
)
def test_shopify_integer_prices_are_cents_and_strings_are_kept(price, expected):
    product = {"title": "Tee", "variants": [{"price": price}]}
    assert extract_product(html(shopify_json(product)), page_url=PAGE_URL).price == expected


def test_shopify_analytics_meta_gives_vendor_price_and_currency():
    script = """<script>
window.ShopifyAnalytics.meta.currency = 'CAD';
var meta = {"product":{"id":1,"vendor":"North \\u0026 Co","variants":[{"id":2,"price":4550}]},
            "page":{"pageType":"product"}};
</script>"""
    found = extract_product(html(head=script), page_url=PAGE_URL)
    assert (found.brand, found.price, found.currency) == ("North & Co", "45.50", "CAD")


def test_shopify_product_json_by_id_with_wrapper_and_video_sources():
    sources = [
        {"height": 480, "mime_type": "video/mp4", "url": "/v/lamp.480.mp4"},
        {"height": 1080, "mime_type": "application/x-mpegURL", "url": "/v/lamp.m3u8"},
        {"height": 720, "mime_type": "video/mp4", "url": "/v/lamp.720.mp4"},
    ]
    media = [
        {"media_type": "external_video", "host": "youtube", "external_id": "abc"},
        {"media_type": "video", "preview_image": {"src": "/poster.jpg"}, "sources": sources},
    ]
    description = "<p>Brass.</p><script>track()</script><ul><li>E27</li><li>2 m</li></ul>"
    product = {"product": {"title": "Lamp", "description": description, "media": media}}
    script = shopify_json(product, attribute='id="ProductJson-product-template"')
    found = extract_product(html(script), page_url=PAGE_URL)
    assert found.description == "Brass. E27 2 m"
    assert found.videos == ("https://shop.test/v/lamp.720.mp4",)
    assert found.images == ()


# --- JSON-LD -----------------------------------------------------------------------------


def test_broken_jsonld_block_is_skipped():
    broken = '<script type="application/ld+json">{"@type": "Product", "name": </script>'
    good = jsonld({"@type": "Product", "name": "Kettle", "image": "/k.jpg"})
    found = extract_product(html(head=broken + good), page_url=PAGE_URL)
    assert (found.name, found.images) == ("Kettle", ("https://shop.test/k.jpg",))


def test_jsonld_in_comment_or_cdata_wrappers_with_trailing_commas_and_raw_newlines():
    blocks = (
        '<script type="application/ld+json"><!--\n{"@type": "BreadcrumbList",}\n--></script>'
        '<script type="application/ld+json">//<![CDATA[\n'
        '[{"@type": "http://schema.org/Product", "name": "Kettle",\n'
        '  "description": "Line one\nline two", "brand": ["Hob",],}]\n//]]></script>'
    )
    found = extract_product(html(head=blocks), page_url=PAGE_URL)
    assert (found.name, found.description, found.brand) == ("Kettle", "Line one line two", "Hob")


def test_aggregate_offer_gives_low_price_and_currency():
    product = {
        "@type": "Product",
        "name": "Sofa",
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": 899.5,
            "highPrice": 1299,
            "priceCurrency": "EUR",
        },
    }
    found = extract_product(html(jsonld(product)), page_url=PAGE_URL)
    assert (found.price, found.currency) == ("899.5", "EUR")


def test_offer_list_price_specification_and_string_price():
    product = {
        "@type": ["Product", "Thing"],
        "offers": [
            {"@type": "Offer", "availability": "https://schema.org/OutOfStock"},
            {
                "@type": "Offer",
                "priceSpecification": {"price": "$1,299.00", "priceCurrency": "usd"},
            },
        ],
    }
    found = extract_product(html(jsonld(product)), page_url=PAGE_URL)
    assert (found.price, found.currency) == ("1299.00", "USD")


def test_product_group_reads_its_variants():
    group = {
        "@context": "https://schema.org",
        "@type": "ProductGroup",
        "name": "Runner",
        "brand": {"@type": "Brand", "name": "Stride"},
        "hasVariant": [
            {
                "@type": "Product",
                "name": "Runner - 42",
                "image": [{"@type": "ImageObject", "contentUrl": "/r-42.jpg"}, "/r-side.jpg"],
                "offers": {"@type": "Offer", "price": 120, "priceCurrency": "EUR"},
            },
            {"@type": "Product", "name": "Runner - 43", "image": {"url": "/r-43.jpg"}},
        ],
    }
    found = extract_product(html(jsonld([{"@type": "WebSite"}, group])), page_url=PAGE_URL)
    assert (found.name, found.brand) == ("Runner", "Stride")
    assert (found.price, found.currency) == ("120", "EUR")
    assert found.images == (
        "https://shop.test/r-42.jpg",
        "https://shop.test/r-side.jpg",
        "https://shop.test/r-43.jpg",
    )


def test_jsonld_video_needs_a_file_not_a_player():
    product = {
        "@type": "Product",
        "video": [
            {"@type": "VideoObject", "embedUrl": "https://www.youtube.com/embed/abc"},
            {"@type": "VideoObject", "contentUrl": "https://www.youtube.com/watch?v=abc"},
            {"@type": "VideoObject", "contentUrl": "/v/stream?id=7", "encodingFormat": "video/mp4"},
            {"@type": "VideoObject", "contentUrl": "/v/demo.webm"},
        ],
    }
    assert extract_product(html(jsonld(product)), page_url=PAGE_URL).videos == (
        "https://shop.test/v/stream?id=7",
        "https://shop.test/v/demo.webm",
    )


def test_text_entities_are_decoded_once():
    product = {
        "@type": "Product",
        "name": "Tom &amp; Jerry&#39;s Mug",
        "description": "Fish & chips < 5",
    }
    found = extract_product(html(jsonld(product)), page_url=PAGE_URL)
    assert (found.name, found.description) == ("Tom & Jerry's Mug", "Fish & chips < 5")


def test_jsonld_outranks_opengraph_which_outranks_the_heading():
    head = jsonld({"@type": "Product", "name": "From JSON-LD"}) + (
        '<meta property="og:title" content="From OG">'
        '<meta property="og:description" content="Described by OG">'
    )
    found = extract_product(html("<h1>From heading</h1>", head=head), page_url=PAGE_URL)
    assert (found.name, found.description) == ("From JSON-LD", "Described by OG")


# --- microdata and WooCommerce -------------------------------------------------------------


def test_microdata_product_with_nested_offer_and_brand():
    body = """
    <div itemscope itemtype="http://schema.org/Product">
      <h1 itemprop="name">Oak  Stool</h1>
      <img itemprop="image" src="/stool-300.jpg" srcset="/stool-300.jpg 300w, /stool-1.jpg 1200w">
      <div itemprop="brand" itemscope itemtype="http://schema.org/Brand">
        <span itemprop="name">Joinery &amp; Sons</span></div>
      <div itemprop="description"><p>Solid oak.</p><p>Seat height 45&nbsp;cm.</p></div>
      <div itemprop="offers" itemscope itemtype="http://schema.org/Offer">
        <span itemprop="price" content="149.00">&pound;149</span>
        <meta itemprop="priceCurrency" content="GBP">
        <div itemprop="seller" itemscope itemtype="http://schema.org/Organization">
          <span itemprop="name">Not the product name</span></div>
      </div>
    </div>"""
    assert extract_product(html(body), page_url=PAGE_URL) == ProductPage(
        name="Oak Stool",
        description="Solid oak. Seat height 45 cm.",
        price="149.00",
        currency="GBP",
        brand="Joinery & Sons",
        images=("https://shop.test/stool-1.jpg",),
    )


def test_woocommerce_gallery_prefers_large_image_then_link_then_srcset():
    body = """
    <div class="woocommerce-product-gallery__wrapper">
      <div class="woocommerce-product-gallery__image"><a href="/full-a.jpg">
        <img src="/a-100x100.jpg" data-large_image="/large-a.jpg"></a></div>
      <div class="woocommerce-product-gallery__image"><a href="/full-b.jpg">
        <img src="/b-100x100.jpg"></a></div>
      <div class="woocommerce-product-gallery__image"><a href="#">
        <img src="/c-100x100.jpg" srcset="/c-100x100.jpg 100w, /c-900x900.jpg 900w"></a></div>
    </div>"""
    assert extract_product(html(body), page_url=PAGE_URL).images == (
        "https://shop.test/large-a.jpg",
        "https://shop.test/full-b.jpg",
        "https://shop.test/c-900x900.jpg",
    )


# --- OpenGraph -------------------------------------------------------------------------------


def test_og_video_keeps_files_and_skips_players():
    head = """
    <meta property="og:video" content="https://www.youtube.com/embed/abc">
    <meta property="og:video:type" content="text/html">
    <meta property="og:video" content="http://media.shop.test/clip">
    <meta property="og:video:secure_url" content="https://media.shop.test/clip">
    <meta property="og:video:type" content="video/mp4">
    <meta name="twitter:image" content="/tw.jpg">
    <meta property="product:brand" content="Acme">"""
    found = extract_product(html(head=head), page_url=PAGE_URL)
    assert found.videos == ("https://media.shop.test/clip",)
    assert (found.images, found.brand) == (("https://shop.test/tw.jpg",), "Acme")


# --- plain HTML --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("srcset", "expected"),
    [
        ("/s.jpg 400w, /l.jpg 1600w, /m.jpg 800w", "https://shop.test/l.jpg"),
        ("/s.jpg 1x, /l.jpg 2x", "https://shop.test/l.jpg"),
        ("/s.jpg, /l.jpg 1.5x", "https://shop.test/l.jpg"),
        ("/x2.jpg 2x, /w.jpg 640w", "https://shop.test/w.jpg"),
        ("data:image/gif;base64,R0lGOD,AAA 1x", "https://shop.test/fallback.jpg"),
        (
            "https://res.test/w_200,h_200/p.jpg 200w, https://res.test/w_900,h_900/p.jpg 900w",
            "https://res.test/w_900,h_900/p.jpg",
        ),
    ],
)
def test_srcset_gives_the_largest_candidate(srcset, expected):
    page = html(f'<main><img src="/fallback.jpg" srcset="{srcset}"></main>')
    assert extract_product(page, page_url=PAGE_URL).images == (expected,)


def test_relative_and_protocol_relative_urls_resolve_against_the_page():
    body = """<main>
      <img src="/img/a.jpg"><img src="../b.jpg"><img src="c.jpg"><img src="//cdn.test/d.jpg">
      <img src="data:image/png;base64,AAAA"><img src="javascript:void(0)">
      <img src="ftp://x.test/e.jpg">
      <img src="/img/a.jpg#zoom"></main>"""
    assert extract_product(html(body), page_url="http://shop.test/products/tee").images == (
        "http://shop.test/img/a.jpg",
        "http://shop.test/b.jpg",
        "http://shop.test/products/c.jpg",
        "http://cdn.test/d.jpg",
    )


def test_base_href_changes_what_relative_urls_resolve_against():
    page = html(
        '<main><img src="a.jpg"><video><source src="v/clip.mp4" type="video/mp4"></video></main>',
        head='<base href="//static.shop.test/assets/">',
    )
    found = extract_product(page, page_url=PAGE_URL)
    assert found.images == ("https://static.shop.test/assets/a.jpg",)
    assert found.videos == ("https://static.shop.test/assets/v/clip.mp4",)


def test_video_element_gives_its_first_playable_source():
    body = """<main>
      <video poster="/poster.jpg"><source src="/v/a.m3u8" type="application/x-mpegURL">
        <source src="/v/a.webm" type="video/webm"><source src="/v/a.mp4" type="video/mp4"></video>
      <video src="/v/b.mov"></video></main>"""
    assert extract_product(html(body), page_url=PAGE_URL).videos == (
        "https://shop.test/v/a.webm",
        "https://shop.test/v/b.mov",
    )


def test_plain_images_are_ignored_when_product_data_names_images():
    page = html(
        '<main><img src="/related-1.jpg"><img src="/related-2.jpg"></main>',
        head=jsonld({"@type": "Product", "image": "/main.jpg"}),
    )
    assert extract_product(page, page_url=PAGE_URL).images == ("https://shop.test/main.jpg",)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Wool Hat | Acme Outfitters", "Wool Hat"),
        ("Wool Hat – acme", "Wool Hat"),
        ("Wool Hat - Navy", "Wool Hat - Navy"),
        ("Acme", "Acme"),
    ],
)
def test_title_loses_only_a_suffix_that_names_the_site(title, expected):
    page = html("<p>no heading here</p>", head=f"<title>{title}</title>")
    assert extract_product(page, page_url="https://www.acme.test/p/hat").name == expected


def test_site_header_and_footer_are_chrome_but_a_section_header_is_content():
    body = """
    <header><h1>Acme Store</h1><img src="/banner.jpg"></header>
    <div class="wrap"><section><header><h1>Wool Hat</h1></header><img src="/hat.jpg"></section>
      <aside><img src="/related.jpg"></aside></div>
    <footer><img src="/payments.jpg"></footer>"""
    found = extract_product(html(body), page_url=PAGE_URL)
    assert (found.name, found.images) == ("Wool Hat", ("https://shop.test/hat.jpg",))


def test_same_file_over_http_and_https_is_kept_once_as_https():
    head = (
        '<meta property="og:image" content="http://cdn.test/a.jpg">'
        '<meta property="og:image:secure_url" content="https://cdn.test/a.jpg">'
        '<meta property="og:image" content="https://CDN.test/b.jpg">'
        '<meta property="og:image" content="https://cdn.test/b.jpg?v=2">'
    )
    assert extract_product(html(head=head), page_url=PAGE_URL).images == (
        "https://cdn.test/a.jpg",
        "https://CDN.test/b.jpg",
        "https://cdn.test/b.jpg?v=2",
    )


# --- edges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page_url", ["", "/products/tee", "shop.test/p", "ftp://shop.test/p", "http://", "https://[::1"]
)
def test_page_url_must_be_absolute_http(page_url):
    with pytest.raises(ValueError, match="page_url"):
        extract_product(html("<h1>Tee</h1>"), page_url=page_url)


@pytest.mark.parametrize("page", ["", "  \n ", "<!-- nothing -->", html()])
def test_empty_html_gives_an_empty_page(page):
    assert extract_product(page, page_url=PAGE_URL) == ProductPage()


@pytest.mark.parametrize(
    "page",
    [
        "<<<>>>&&&;",
        "\x00\ufffd\ud800 binary-ish",
        "<div>" * 3000 + "deep",
        '<main><img src="http://[::1/a.jpg" srcset=", , ,"><img width="abc"></main>',
        jsonld({"@type": "Product", "offers": {"@id": "#o"}})
        + jsonld({"@id": "#o", "@type": "Offer", "offers": {"@id": "#o"}}),
        jsonld({"@type": "Product", "name": {"x": 1}, "image": [None, 3, {"url": None}]}),
        '<script type="application/json" data-product-json>[1, 2]</script>'
        "<script>var meta = {oops</script>",
    ],
)
def test_odd_html_gives_an_empty_page_without_raising(page):
    assert extract_product(page, page_url=PAGE_URL) == ProductPage()


def test_xml_declaration_is_tolerated():
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><h1>Tee</h1></body></html>'
    assert extract_product(page, page_url=PAGE_URL) == ProductPage(name="Tee")
