package org.proxytrunks.events.assignment;

/**
 * An event of the assignment context, published on
 * {@link org.proxytrunks.events.Topics#ASSIGNMENTS}: either of a brand's assignments
 * ({@link BrandEvent}, key {@code brand:<brandId>}) or of an address's usage across brands
 * ({@link AddressUsageEvent}, key {@code address-usage:<addressId>}).
 */
public sealed interface AssignmentEvent permits BrandEvent, AddressUsageEvent {
}
