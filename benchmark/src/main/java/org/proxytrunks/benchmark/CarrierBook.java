package org.proxytrunks.benchmark;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The brands and carriers the load moves around: {@code carriersPerBrand} carriers per brand
 * ({@code bench-b07-c012}: provider ids are unique across brands), each moved to the next of the
 * brand's addresses every time, so every command changes something and makes an event.
 */
final class CarrierBook {

    /** One command: set {@code carrier} of {@code brand} to {@code addressId}. */
    record Move(String brand, String carrier, String addressId) {
    }

    private final List<String> brands;
    private final List<String> addressIds;
    private final int carriersPerBrand;
    private final AtomicIntegerArray moves;

    CarrierBook(List<String> brands, List<String> addressIds, int carriersPerBrand) {
        this.brands = List.copyOf(brands);
        this.addressIds = List.copyOf(addressIds);
        this.carriersPerBrand = carriersPerBrand;
        this.moves = new AtomicIntegerArray(brands.size() * carriersPerBrand);
    }

    static String brandName(int index) {
        return String.format(java.util.Locale.ROOT, "bench-b%02d", index);
    }

    int brands() {
        return brands.size();
    }

    int carriersPerBrand() {
        return carriersPerBrand;
    }

    String brand(int index) {
        return brands.get(index);
    }

    /** The next move of carrier {@code carrier} of brand {@code brand} (indexes). */
    Move move(int brand, int carrier) {
        int count = moves.getAndIncrement(brand * carriersPerBrand + carrier);
        String id = String.format(java.util.Locale.ROOT, "bench-b%02d-c%03d", brand, carrier);
        return new Move(brands.get(brand), id, addressIds.get((count + 1) % addressIds.size()));
    }

    /**
     * The move number {@code iteration} of closed-loop thread {@code thread} of {@code threads}: the
     * threads own disjoint carriers, so no two of them ever move the same carrier at once.
     */
    Move moveFor(int thread, int threads, long iteration) {
        if (threads > carriersPerBrand) {
            throw new IllegalArgumentException(threads + " threads need at least as many carriers per brand");
        }
        int brand = (int) (iteration % brands.size());
        int perThread = carriersPerBrand / threads;
        int slot = (int) ((iteration / brands.size()) % perThread);
        return move(brand, thread + threads * slot);
    }
}
