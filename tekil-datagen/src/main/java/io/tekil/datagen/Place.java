package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A city with its districts and the stores of the chain in it.
 *
 * @param population millions of inhabitants, the weight of the city when people are placed
 * @param stores store names as printed on receipts, e.g. {@code İstanbul Kadıköy}; at least one
 */
record Place(String city, double population, List<String> districts, List<String> stores) {
    Place {
        requireNonNull(city, "city is null");
        districts = List.copyOf(districts);
        stores = List.copyOf(stores);
        if (districts.isEmpty() || stores.isEmpty()) {
            throw new IllegalArgumentException(String.format("%s needs at least one district and one store", city));
        }
    }
}
