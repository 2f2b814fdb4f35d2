package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

/**
 * One product of the catalogue, with the fragments the writers copy for it prepared once as UTF-8: its Segment
 * product fields, its web page fields and its POS columns. Immutable.
 */
final class Product {
    final int index;
    final int category;
    final String productId;
    final String sku;
    final String name;
    final String brand;
    final long priceKurus;
    /** {@code "product_id":"…","sku":"…","name":"…","category":"…","brand":"…","price":1249.90}. */
    final byte[] segmentFields;
    /** {@code "path":"…","url":"…","title":"…"}, the page fields of its product page. */
    final byte[] pageFields;
    /** The product page URL as a JSON string (quotes included), the referrer of the next page. */
    final byte[] urlJson;
    /** {@code sku;product;category;} as POS columns, quoted where needed. */
    final byte[] posColumns;

    Product(int index, int category, String productId, String sku, String name, String brand, long priceKurus) {
        this.index = index;
        this.category = category;
        this.productId = requireNonNull(productId, "productId is null");
        this.sku = requireNonNull(sku, "sku is null");
        this.name = requireNonNull(name, "name is null");
        this.brand = requireNonNull(brand, "brand is null");
        if (priceKurus <= 0) {
            throw new IllegalArgumentException(String.format("price of %s must be positive, was %s kuruş", sku, priceKurus));
        }
        this.priceKurus = priceKurus;
        String categoryName = Catalog.CATEGORIES.get(category);

        Utf8Builder out = new Utf8Builder(256);
        out.append("\"product_id\":").appendJsonString(productId)
                .append(",\"sku\":").appendJsonString(sku)
                .append(",\"name\":").appendJsonString(name)
                .append(",\"category\":").appendJsonString(categoryName)
                .append(",\"brand\":").appendJsonString(brand)
                .append(",\"price\":").appendMoney(priceKurus, '.');
        segmentFields = out.toBytes();

        String path = "/" + TurkishText.slug(name) + "-p-" + productId;
        String url = Catalog.SITE + path;
        out.clear();
        out.append("\"path\":").appendJsonString(path)
                .append(",\"url\":").appendJsonString(url)
                .append(",\"title\":").appendJsonString(name + " | " + Catalog.SHOP_NAME);
        pageFields = out.toBytes();
        urlJson = Utf8Builder.jsonBytes(url);

        out.clear();
        out.appendCsvField(sku, ';').append(';')
                .appendCsvField(name, ';').append(';')
                .appendCsvField(categoryName, ';').append(';');
        posColumns = out.toBytes();
    }

    @Override
    public String toString() {
        return sku + " " + name;
    }
}
