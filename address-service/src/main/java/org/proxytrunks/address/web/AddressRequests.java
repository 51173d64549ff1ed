package org.proxytrunks.address.web;

import io.swagger.v3.oas.annotations.media.Schema;


/** The request bodies of the address endpoints. */
final class AddressRequests {

    private AddressRequests() {
    }

    @Schema(description = "A new additional address")
    record AddAddress(
            @Schema(description = "1 to 100 printable characters on one line", example = "Madrid carriers") String name,
            @Schema(description = "IPv4 or IPv6 literal Kamailio listens on (UDP/TCP 5060, TLS 5061)", example = "127.0.0.2") String ip,
            @Schema(description = "Public IP to advertise when behind NAT", nullable = true, example = "203.0.113.10") String advertisedIp) {
    }

    /** Documents the PATCH body, which is read field by field to tell absent from null. */
    @Schema(description = "Fields to change; absent fields stay. advertisedIp: null clears it.")
    record ChangeAddress(@Schema(example = "Bilbao carriers") String name, @Schema(example = "127.0.0.3") String ip,
                         @Schema(nullable = true, example = "203.0.113.11") String advertisedIp) {
    }
}
