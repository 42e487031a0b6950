"""Product pages as real storefronts render them, around the image and video URLs a test gives.

Each builder embeds the URLs it is given as the full-size files and adds what the platform
adds around them: smaller variants, logos, related products, analytics. A test that serves
the files itself (the end-to-end scraper test) passes its own URLs; what the extractor
should find is then exactly those URLs.

Image and video URLs given to :func:`shopify_page` and :func:`woocommerce_page` must end in
a file extension (``.jpg``, ``.mp4``): both platforms write their variants before it.
"""

from __future__ import annotations

import json
import re
from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "shopify_page",
    "woocommerce_page",
    "jsonld_only_page",
    "opengraph_only_page",
    "plain_html_page",
]

_GIF_PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def shopify_page(
    *,
    title: str,
    description_html: str,
    vendor: str,
    price_cents: int,
    image_urls: list[str],
    video_url: str | None = None,
) -> str:
    """A product page of a Debut-style Shopify theme.

    The product JSON (``data-product-json``) and the analytics ``meta`` carry the product;
    the gallery and ``og:image`` show ``_200x200`` and ``_1024x1024`` variants of each image,
    every URL with a ``?v=`` cache-buster; the video, if any, is a media item whose sources
    are the given mp4 (1080p), a smaller mp4 and an HLS playlist.
    """
    versioned = [_with_query(url, v="1700000000") for url in image_urls]
    media: list[dict[str, object]] = [
        {
            "alt": None,
            "id": 30000000 + position,
            "position": position,
            "preview_image": {"aspect_ratio": 1.0, "height": 2048, "width": 2048, "src": url},
            "aspect_ratio": 1.0,
            "height": 2048,
            "media_type": "image",
            "src": url,
            "width": 2048,
        }
        for position, url in enumerate(versioned, start=1)
    ]
    if video_url is not None:
        media.append(_shopify_video_media(video_url, poster=versioned[0] if versioned else None))
    variant = {
        "id": 41000000001,
        "title": "Default Title",
        "option1": "Default Title",
        "sku": "SR-001",
        "requires_shipping": True,
        "taxable": True,
        "featured_image": None,
        "available": True,
        "name": title,
        "public_title": None,
        "options": ["Default Title"],
        "price": price_cents,
        "weight": 200,
        "compare_at_price": None,
        "inventory_management": "shopify",
        "barcode": "",
    }
    product = {
        "id": 7000000000001,
        "title": title,
        "handle": _handle(title),
        "description": description_html,
        "published_at": "2024-03-01T10:00:00-05:00",
        "created_at": "2024-03-01T09:58:12-05:00",
        "vendor": vendor,
        "type": "Accessories",
        "tags": ["new", "gift"],
        "price": price_cents,
        "price_min": price_cents,
        "price_max": price_cents,
        "available": True,
        "price_varies": False,
        "compare_at_price": None,
        "compare_at_price_min": 0,
        "compare_at_price_max": 0,
        "compare_at_price_varies": False,
        "variants": [variant],
        "images": versioned,
        "featured_image": versioned[0] if versioned else None,
        "options": ["Title"],
        "media": media,
        "requires_selling_plan": False,
        "selling_plan_groups": [],
        "content": description_html,
    }
    analytics = {
        "product": {
            "id": product["id"],
            "gid": f"gid://shopify/Product/{product['id']}",
            "vendor": vendor,
            "type": "Accessories",
            "variants": [
                {"id": variant["id"], "price": price_cents, "name": title, "public_title": None}
            ],
        },
        "page": {"pageType": "product", "resourceType": "product", "resourceId": product["id"]},
    }
    price = f"{price_cents // 100}.{price_cents % 100:02d}"
    og_images = "\n".join(
        f'  <meta property="og:image" content="{escape(_sized(url, "_1024x1024"))}">\n'
        f'  <meta property="og:image:secure_url" content="{escape(_sized(url, "_1024x1024"))}">\n'
        '  <meta property="og:image:width" content="1024">\n'
        '  <meta property="og:image:height" content="1024">'
        for url in versioned
    )
    slides = "\n".join(
        f'      <div class="product-single__media-wrapper" data-media-id="product-template-{i}">\n'
        f'        <img class="feature-row__image product-featured-media lazyload"'
        f' src="{escape(_sized(url, "_200x200"))}"'
        f' data-src="{escape(_sized(url, "_{width}x"))}" data-widths="[180,360,540,720,900,1080]"'
        f' data-aspectratio="1.0" data-sizes="auto" alt="{escape(title)}">\n'
        "      </div>"
        for i, url in enumerate(versioned, start=1)
    )
    thumbnails = "\n".join(
        f'        <li class="product-single__thumbnails-item">'
        f'<a href="{escape(_sized(url, "_1024x1024"))}" class="product-single__thumbnail">'
        f'<img class="product-single__thumbnail-image" src="{escape(_sized(url, "_110x110@2x"))}"'
        f' alt="Load image into Gallery viewer, {escape(title)}"></a></li>'
        for url in versioned
    )
    video = (
        '      <div class="product-single__media-wrapper" data-media-id="product-template-video">\n'
        f'        <video playsinline controls preload="none"><source src="{escape(video_url)}"'
        ' type="video/mp4"></video>\n'
        "      </div>"
        if video_url is not None
        else ""
    )
    return f"""<!doctype html>
<html class="no-js" lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <meta name="theme-color" content="#3a3a3a">
  <link rel="canonical" href="https://example-store.myshopify.com/products/{_handle(title)}">
  <link rel="shortcut icon" href="//example-store.myshopify.com/cdn/shop/files/favicon_32x32.png?v=1" type="image/png">
  <title>{escape(title)} &ndash; Example Store</title>
  <meta name="description" content="{escape(_strip_tags(description_html)[:150])}">
  <meta property="og:site_name" content="Example Store">
  <meta property="og:url" content="https://example-store.myshopify.com/products/{_handle(title)}">
  <meta property="og:title" content="{escape(title)}">
  <meta property="og:type" content="product">
  <meta property="og:description" content="{escape(_strip_tags(description_html)[:150])}">
  <meta property="og:price:amount" content="{price}">
  <meta property="og:price:currency" content="USD">
{og_images}
  <meta name="twitter:card" content="summary_large_image">
  <meta name="twitter:title" content="{escape(title)}">
  <link href="//example-store.myshopify.com/cdn/shop/t/1/assets/theme.scss.css?v=1" rel="stylesheet" type="text/css" media="all">
  <script>
    var theme = {{strings: {{addToCart: "Add to cart", soldOut: "Sold out"}}, moneyFormat: "${{{{amount}}}}"}};
    document.documentElement.className = document.documentElement.className.replace('no-js', 'js');
  </script>
  <script>window.ShopifyAnalytics = window.ShopifyAnalytics || {{}};
window.ShopifyAnalytics.meta = window.ShopifyAnalytics.meta || {{}};
window.ShopifyAnalytics.meta.currency = 'USD';
var meta = {_slash_escaped_json(analytics)};
for (var attr in meta) {{
  window.ShopifyAnalytics.meta[attr] = meta[attr];
}}</script>
</head>
<body class="template-product">
  <a class="in-page-link visually-hidden skip-link" href="#MainContent">Skip to content</a>
  <div class="announcement-bar" role="region"><p class="announcement-bar__message">Free shipping on orders over $50</p></div>
  <header class="site-header border-bottom logo--left" role="banner">
    <div class="site-header__logo">
      <a href="/" class="site-header__logo-image"><img class="js" src="//example-store.myshopify.com/cdn/shop/files/store-logo_180x.png?v=1614"
         alt="Example Store" width="180" height="48"></a>
    </div>
    <nav class="small--hide border-bottom" id="AccessibleNav" role="navigation">
      <ul class="site-nav list--inline" id="SiteNav">
        <li><a href="/" class="site-nav__link site-nav__link--main">Home</a></li>
        <li><a href="/collections/all" class="site-nav__link site-nav__link--main">Catalog</a></li>
      </ul>
    </nav>
  </header>
  <main class="main-content js-focus-hidden" id="MainContent" role="main" tabindex="-1">
    <div id="ProductSection-product-template" class="product-template__container page-width"
         data-section-id="product-template" data-section-type="product" data-enable-history-state="true">
      <div class="grid product-single">
        <div class="grid__item product-single__media-group medium-up--one-half" data-product-single-media-group>
{slides}
{video}
          <div class="thumbnails-wrapper">
            <ul class="product-single__thumbnails product-single__thumbnails-product-template">
{thumbnails}
            </ul>
          </div>
        </div>
        <div class="grid__item medium-up--one-half">
          <div class="product-single__meta">
            <h1 class="product-single__title">{escape(title)}</h1>
            <p class="product-single__vendor">{escape(vendor)}</p>
            <dl class="price" data-price><dd><span class="price-item price-item--regular" data-regular-price>${price}</span></dd></dl>
            <form method="post" action="/cart/add" id="product_form_7000000000001" accept-charset="UTF-8" class="product-form">
              <input type="hidden" name="form_type" value="product"><input type="hidden" name="utf8" value="✓">
              <select name="id" id="ProductSelect-product-template" class="product-form__variants no-js">
                <option selected="selected" value="41000000001">Default Title</option>
              </select>
              <button type="submit" name="add" class="btn product-form__cart-submit">Add to cart</button>
            </form>
          </div>
          <div class="product-single__description rte">{description_html}</div>
        </div>
      </div>
    </div>
    <script type="application/json" data-product-json>{_slash_escaped_json(product)}</script>
    <div class="product-recommendations" data-section-type="product-recommendations">
      <h2 class="section-header__title">You may also like</h2>
      <div class="grid-view-item product-card">
        <a class="grid-view-item__link" href="/products/another-thing"><img class="grid-view-item__image"
           src="//example-store.myshopify.com/cdn/shop/products/another-thing_300x300.jpg?v=1602" alt="Another thing"></a>
      </div>
    </div>
  </main>
  <footer class="site-footer" role="contentinfo">
    <ul class="list--inline site-footer__payment-icons">
      <li class="payment-icon"><img src="//example-store.myshopify.com/cdn/shopifycloud/shopify/assets/payment_icons/visa.svg" alt="Visa"></li>
    </ul>
    <small class="site-footer__copyright-content">&copy; 2024, Example Store</small>
  </footer>
</body>
</html>
"""


def woocommerce_page(
    *,
    title: str,
    description_html: str,
    price: str,
    currency: str,
    brand: str,
    image_urls: list[str],
) -> str:
    """A single-product page of WooCommerce 8 on the Storefront theme.

    The product is in the JSON-LD WooCommerce prints in the footer (with the Brand that
    WooCommerce Brands adds); its ``description`` is the HTML with tags stripped and
    entities left, as WordPress's ``wp_strip_all_tags`` leaves it, so write
    ``description_html`` as ``wpautop`` does: one paragraph per line. The gallery shows
    ``-600x600`` thumbnails whose links and ``data-large_image`` are the given files.
    """
    site = "https://shop.example"
    slug = _handle(title)
    page = f"{site}/product/{slug}/"
    graph = {
        "@context": "https://schema.org/",
        "@graph": [
            {
                "@context": "https://schema.org/",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "item": {"name": "Home", "@id": site}},
                    {"@type": "ListItem", "position": 2, "item": {"name": title, "@id": page}},
                ],
            },
            {
                "@context": "https://schema.org/",
                "@type": "Product",
                "@id": f"{page}#product",
                "name": title,
                "url": page,
                "description": _strip_tags(description_html),
                "image": image_urls[0] if image_urls else "",
                "sku": "WC-42",
                "offers": [
                    {
                        "@type": "Offer",
                        "price": price,
                        "priceValidUntil": "2026-12-31",
                        "priceSpecification": {
                            "price": price,
                            "priceCurrency": currency,
                            "valueAddedTaxIncluded": "false",
                        },
                        "priceCurrency": currency,
                        "availability": "http://schema.org/InStock",
                        "url": page,
                        "seller": {"@type": "Organization", "name": "Example Shop", "url": site},
                    }
                ],
                "brand": {"@type": "Brand", "name": brand},
            },
        ],
    }
    slides = "\n".join(_woocommerce_slide(i, url, title) for i, url in enumerate(image_urls))
    symbol = {"EUR": "&euro;", "GBP": "&pound;", "USD": "&#36;"}.get(currency, escape(currency))
    return f"""<!doctype html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} &#8211; Example Shop</title>
<meta name='robots' content='max-image-preview:large' />
<link rel='stylesheet' id='storefront-woocommerce-style-css' href='{site}/wp-content/themes/storefront/assets/css/woocommerce/woocommerce.css?ver=4.5.4' media='all' />
<script src="{site}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</head>
<body class="product-template-default single single-product postid-42 wp-embed-responsive theme-storefront woocommerce woocommerce-page storefront-full-width-content">
<div id="page" class="hfeed site">
<header id="masthead" class="site-header" role="banner">
  <div class="col-full">
    <div class="site-branding"><a href="{site}/" class="custom-logo-link" rel="home"><img width="470" height="110"
       src="{site}/wp-content/uploads/2023/01/example-shop.png" class="custom-logo" alt="Example Shop" decoding="async" /></a></div>
    <nav id="site-navigation" class="main-navigation" role="navigation" aria-label="Primary Navigation">
      <ul id="menu-primary" class="menu"><li class="menu-item"><a href="{site}/shop/">Shop</a></li></ul>
    </nav>
  </div>
</header>
<div id="content" class="site-content" tabindex="-1"><div class="col-full">
<nav class="woocommerce-breadcrumb" aria-label="breadcrumbs"><a href="{site}">Home</a>&nbsp;&#47;&nbsp;{escape(title)}</nav>
<div id="primary" class="content-area"><main id="main" class="site-main" role="main">
<div class="woocommerce-notices-wrapper"></div>
<div id="product-42" class="product type-product post-42 status-publish first instock product_cat-accessories has-post-thumbnail shipping-taxable purchasable product-type-simple">
<div class="woocommerce-product-gallery woocommerce-product-gallery--with-images woocommerce-product-gallery--columns-4 images" data-columns="4" style="opacity: 0; transition: opacity .25s ease-in-out;">
<div class="woocommerce-product-gallery__wrapper">
{slides}
</div>
</div>
<div class="summary entry-summary">
<h1 class="product_title entry-title">{escape(title)}</h1>
<p class="price"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">{symbol}</span>{escape(price)}</bdi></span></p>
<div class="woocommerce-product-details__short-description">
{description_html}
</div>
<form class="cart" action="{page}" method="post" enctype='multipart/form-data'>
<div class="quantity"><input type="number" id="quantity_1" class="input-text qty text" name="quantity" value="1" min="1" step="1" /></div>
<button type="submit" name="add-to-cart" value="42" class="single_add_to_cart_button button alt">Add to cart</button>
</form>
<div class="product_meta">
<span class="sku_wrapper">SKU: <span class="sku">WC-42</span></span>
<span class="posted_in">Category: <a href="{site}/product-category/accessories/" rel="tag">Accessories</a></span>
<span class="posted_in">Brand: <a href="{site}/brand/{_handle(brand)}/" rel="tag">{escape(brand)}</a></span>
</div>
</div>
<div class="woocommerce-tabs wc-tabs-wrapper">
<ul class="tabs wc-tabs" role="tablist"><li class="description_tab active" id="tab-title-description" role="tab"><a href="#tab-description">Description</a></li></ul>
<div class="woocommerce-Tabs-panel woocommerce-Tabs-panel--description panel entry-content wc-tab" id="tab-description" role="tabpanel">
<h2>Description</h2>
{description_html}
</div>
</div>
<section class="related products">
<h2>Related products</h2>
<ul class="products columns-4">
<li class="product type-product post-43 status-publish instock"><a href="{site}/product/another-thing/" class="woocommerce-LoopProduct-link woocommerce-loop-product__link"><img width="324" height="324" src="{site}/wp-content/uploads/2023/01/another-thing-324x324.jpg" class="attachment-woocommerce_thumbnail size-woocommerce_thumbnail" alt="" decoding="async" loading="lazy" /><h2 class="woocommerce-loop-product__title">Another thing</h2></a></li>
</ul>
</section>
</div>
</main></div>
</div></div>
<footer id="colophon" class="site-footer" role="contentinfo"><div class="col-full"><div class="site-info">&copy; Example Shop 2024</div></div></footer>
</div>
<script type="application/ld+json">{_slash_escaped_json(graph)}</script>
<script src="{site}/wp-content/plugins/woocommerce/assets/js/frontend/single-product.min.js?ver=8.5.2" id="wc-single-product-js" defer data-wp-strategy="defer"></script>
</body>
</html>
"""


def jsonld_only_page(
    *,
    name: str,
    description: str,
    price: str,
    currency: str,
    brand: str,
    image_urls: list[str],
    video_url: str | None = None,
) -> str:
    """A single-page-app shell whose only product data is a Yoast-style JSON-LD ``@graph``.

    The graph holds a WebSite, a WebPage and the main image as an ``ImageObject`` that the
    Product references by ``@id``; the other images follow as plain URLs, the video as a
    ``VideoObject``. The body has no product markup at all.
    """
    site = "https://northwind.example"
    page = f"{site}/p/{_handle(name)}"
    images: list[object] = [{"@id": f"{page}#primaryimage"}, *image_urls[1:]] if image_urls else []
    product: dict[str, object] = {
        "@type": "Product",
        "@id": f"{page}#product",
        "name": name,
        "description": description,
        "sku": "NW-7",
        "mainEntityOfPage": {"@id": f"{page}#webpage"},
        "brand": {"@type": "Brand", "name": brand},
        "image": images,
        "offers": {
            "@type": "Offer",
            "url": page,
            "price": price,
            "priceCurrency": currency,
            "availability": "https://schema.org/InStock",
            "itemCondition": "https://schema.org/NewCondition",
        },
    }
    if video_url is not None:
        product["video"] = {
            "@type": "VideoObject",
            "name": f"{name} in use",
            "description": f"A short film of the {name}.",
            "thumbnailUrl": image_urls[0] if image_urls else None,
            "uploadDate": "2024-05-01T08:00:00+00:00",
            "contentUrl": video_url,
            "encodingFormat": "video/mp4",
            "embedUrl": f"{site}/embed/{_handle(name)}",
        }
    graph: list[dict[str, object]] = [
        {"@type": "WebSite", "@id": f"{site}/#website", "url": site, "name": "Northwind"},
        {
            "@type": "WebPage",
            "@id": f"{page}#webpage",
            "url": page,
            "name": f"{name} | Northwind",
            "isPartOf": {"@id": f"{site}/#website"},
            "primaryImageOfPage": {"@id": f"{page}#primaryimage"},
        },
        product,
    ]
    if image_urls:
        graph.insert(
            2,
            {
                "@type": "ImageObject",
                "@id": f"{page}#primaryimage",
                "url": image_urls[0],
                "contentUrl": image_urls[0],
                "width": 1200,
                "height": 1200,
            },
        )
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, indent=2)
    return f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{escape(name)} | Northwind</title>
    <link rel="icon" href="/favicon.ico">
    <script type="application/ld+json">
{data}
    </script>
    <script type="module" crossorigin src="/assets/index-4f2a9c.js"></script>
    <link rel="stylesheet" href="/assets/index-b81d3e.css">
  </head>
  <body>
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
  </body>
</html>
"""


def opengraph_only_page(
    *,
    title: str,
    description: str,
    image_urls: list[str],
    price: str | None = None,
    currency: str | None = None,
) -> str:
    """A page whose only product data is its OpenGraph (and ``product:``) meta tags."""
    tags = [
        '<meta property="og:type" content="product">',
        '<meta property="og:site_name" content="Lakeside Outfitters">',
        f'<meta property="og:title" content="{escape(title)}">',
        f'<meta property="og:description" content="{escape(description)}">',
    ]
    for url in image_urls:
        tags += [
            f'<meta property="og:image" content="{escape(url)}">',
            '<meta property="og:image:width" content="1200">',
            '<meta property="og:image:height" content="1200">',
        ]
    if price is not None:
        tags.append(f'<meta property="product:price:amount" content="{escape(price)}">')
    if currency is not None:
        tags.append(f'<meta property="product:price:currency" content="{escape(currency)}">')
    tags.append('<meta name="twitter:card" content="summary_large_image">')
    meta = "\n    ".join(tags)
    return f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Lakeside Outfitters</title>
    {meta}
    <script src="/static/bundle.js" defer></script>
  </head>
  <body>
    <div id="app" data-page="product"></div>
  </body>
</html>
"""


def plain_html_page(*, title: str, description: str, image_urls: list[str]) -> str:
    """A hand-written shop page with no structured data at all.

    The name is the ``<h1>``; ``description`` (write a sentence of 40 characters or more)
    is the first real paragraph, after a short breadcrumb line. Images rotate through three
    lazy-loading styles, the given URL always the largest on offer: a ``srcset`` with width
    descriptors, ``data-srcset`` with density descriptors over a ``data:`` placeholder, and
    ``data-zoom-image``. A logo, an SVG badge and a 1×1 tracking pixel must be ignored.
    """
    gallery = "\n".join(_plain_img(i, url, title) for i, url in enumerate(image_urls))
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(title)} - Handmade Goods</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<header class="top">
  <a href="/"><img src="/static/img/handmade-goods.png" alt="Handmade Goods" class="site-logo"></a>
  <nav><a href="/">Home</a> <a href="/shop/">Shop</a> <a href="/about/">About</a></nav>
</header>
<main>
  <p class="crumbs"><a href="/">Home</a> / <a href="/shop/">Shop</a></p>
  <h1>{escape(title)}</h1>
  <div class="gallery">
{gallery}
  </div>
  <p>{escape(description)}</p>
  <p>Ships in two days.</p>
  <img src="/static/img/secure-checkout.svg" alt="Secure checkout">
  <img src="https://stats.example-analytics.net/collect.gif?site=42&amp;e=view" width="1" height="1" alt="">
</main>
<footer>
  <img src="/static/img/logo-small.png" alt="">
  <p>&copy; 2024 Handmade Goods</p>
</footer>
</body>
</html>
"""


def _plain_img(index: int, url: str, title: str) -> str:
    alt = escape(f"{title}, view {index + 1}")
    small, medium = _with_query(url, w="400"), _with_query(url, w="800")
    if index % 3 == 0:
        return (
            f'    <img src="{escape(small)}" srcset="{escape(small)} 400w, {escape(medium)} 800w,'
            f' {escape(url)} 1600w" sizes="(max-width: 700px) 100vw, 700px" width="700"'
            f' height="700" alt="{alt}">'
        )
    if index % 3 == 1:
        return (
            f'    <img src="{_GIF_PLACEHOLDER}" data-src="{escape(medium)}"'
            f' data-srcset="{escape(medium)} 1x, {escape(url)} 2x" class="lazyload" alt="{alt}">'
        )
    return (
        f'    <img src="{escape(small)}" data-zoom-image="{escape(url)}" width="400" height="400"'
        f' alt="{alt}">'
    )


def _woocommerce_slide(index: int, url: str, title: str) -> str:
    full, thumb = escape(url), escape(_sized(url, "-100x100"))
    medium, small = escape(_sized(url, "-600x600")), escape(_sized(url, "-300x300"))
    image_class = "wp-post-image" if index == 0 else ""
    return (
        f'<div data-thumb="{thumb}" data-thumb-alt="" class="woocommerce-product-gallery__image">'
        f'<a href="{full}"><img width="600" height="600" src="{medium}" class="{image_class}"'
        f' alt="" title="{escape(title)}" data-caption="" data-src="{full}"'
        f' data-large_image="{full}" data-large_image_width="1200"'
        ' data-large_image_height="1200" decoding="async"'
        f' srcset="{medium} 600w, {small} 300w, {thumb} 100w, {full} 1200w"'
        ' sizes="(max-width: 600px) 100vw, 600px" /></a></div>'
    )


def _shopify_video_media(video_url: str, *, poster: str | None) -> dict[str, object]:
    return {
        "alt": None,
        "id": 31000000001,
        "position": 99,
        "preview_image": {"aspect_ratio": 1.778, "height": 1080, "width": 1920, "src": poster},
        "aspect_ratio": 1.778,
        "duration": 12000,
        "media_type": "video",
        "sources": [
            {
                "format": "mp4",
                "height": 480,
                "mime_type": "video/mp4",
                "url": _renamed(video_url, suffix=".SD-480p-1.5Mbps"),
                "width": 854,
            },
            {
                "format": "m3u8",
                "height": 1080,
                "mime_type": "application/x-mpegURL",
                "url": _renamed(video_url, extension="m3u8"),
                "width": 1920,
            },
            {
                "format": "mp4",
                "height": 1080,
                "mime_type": "video/mp4",
                "url": video_url,
                "width": 1920,
            },
        ],
    }


def _sized(url: str, suffix: str) -> str:
    """``url`` with a size ``suffix`` before its extension: ``a.jpg`` → ``a_200x200.jpg``."""
    return _renamed(url, suffix=suffix)


def _renamed(url: str, *, suffix: str = "", extension: str | None = None) -> str:
    parts = urlsplit(url)
    stem, dot, old_extension = parts.path.rpartition(".")
    if not dot or "/" in old_extension:
        raise ValueError(f"the URL needs a file extension to write its variants: {url!r}")
    path = f"{stem}{suffix}.{extension or old_extension}"
    return urlunsplit(parts._replace(path=path))


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _handle(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _strip_tags(html: str) -> str:
    """Tags removed and entities kept, as WordPress's ``wp_strip_all_tags`` and Liquid's
    ``strip_html`` leave text."""
    return re.sub(r"<[^>]*>", "", html).strip()


def _slash_escaped_json(data: object) -> str:
    """JSON as Liquid's ``json`` filter and WordPress's ``wp_json_encode`` write it: ``\\/``."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/")
