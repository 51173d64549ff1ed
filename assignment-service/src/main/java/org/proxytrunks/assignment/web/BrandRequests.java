package org.proxytrunks.assignment.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Request and response bodies of the brand and provider endpoints. */
final class BrandRequests {

    private BrandRequests() {
    }

    @Schema(description = "The brand's addresses: at least one")
    record DefineBrand(@Schema(example = "[\"proxytrunks\"]") List<String> addressIds) {
    }

    @Schema(description = "The provider's address; leave it out to use the brand's only address")
    record SetProvider(@Schema(nullable = true, example = "proxytrunks") String addressId) {
    }

    /** A brand's addresses after a change. */
    record BrandAddresses(String brandId, List<String> addressIds) {
    }

    /** The address a provider uses after a change. */
    record ProviderAddress(String brandId, String kind, String providerId, String addressId) {
    }
}
