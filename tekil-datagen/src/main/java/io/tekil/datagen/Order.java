package io.tekil.datagen;

/** The cart being checked out: products with quantities and the order id. Reused by one thread. */
final class Order {
    private static final int MAX_LINES = 8;
    /** Orders from this amount ship free; below it shipping costs {@link #SHIPPING_KURUS}. */
    private static final long FREE_SHIPPING_KURUS = 500_00;
    private static final long SHIPPING_KURUS = 39_99;

    private final Product[] products = new Product[MAX_LINES];
    private final int[] quantities = new int[MAX_LINES];
    private int size;
    String orderId;

    void clear() {
        size = 0;
        orderId = null;
    }

    /** Adds a line, or more of the same product; ignored once the cart has {@value #MAX_LINES} lines. */
    void add(Product product, int quantity) {
        for (int i = 0; i < size; i++) {
            if (products[i] == product) {
                quantities[i] += quantity;
                return;
            }
        }
        if (size < MAX_LINES) {
            products[size] = product;
            quantities[size] = quantity;
            size++;
        }
    }

    int size() {
        return size;
    }

    Product product(int i) {
        return products[i];
    }

    int quantity(int i) {
        return quantities[i];
    }

    long revenueKurus() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += products[i].priceKurus * quantities[i];
        }
        return sum;
    }

    long shippingKurus() {
        return revenueKurus() >= FREE_SHIPPING_KURUS ? 0 : SHIPPING_KURUS;
    }
}
