package org.proxytrunks.benchmark;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before the load: the additional addresses (reused when an earlier run left them) and the brands,
 * each with the main address and both additional ones, so carriers can move between three.
 */
final class Setup {

    static final String MAIN_ADDRESS = "proxytrunks";

    /**
     * What the load works on.
     *
     * @param book            the brands and their carriers
     * @param extraAddressIds the additional addresses (sampled changes go to these)
     * @param sockets         the UDP socket Kamailio uses for each additional address
     */
    record Prepared(CarrierBook book, List<String> extraAddressIds, Map<String, String> sockets) {
    }

    private Setup() {
    }

    static Prepared run(Api api, KamailioRpc kamailio) throws IOException, InterruptedException {
        Settings settings = api.settings();
        List<String> extraIds = new ArrayList<>();
        Map<String, String> sockets = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            String ip = settings.extraIps().get(i).strip();
            String id = addAddress(api, "bench-extra-" + (i + 1), ip);
            extraIds.add(id);
            sockets.put(id, "udp:" + ip + ":5060");
        }
        List<String> addressIds = new ArrayList<>();
        addressIds.add(MAIN_ADDRESS);
        addressIds.addAll(extraIds);
        List<String> brands = new ArrayList<>();
        for (int b = 0; b < settings.sizes().brands(); b++) {
            String brand = CarrierBook.brandName(b);
            api.call(api.defineBrand(brand, addressIds));
            brands.add(brand);
        }
        Progress.say("setup: %d brands, each with %s", brands.size(), addressIds);
        if (kamailio != null) {
            awaitListeners(api, kamailio, List.copyOf(sockets.values()), Duration.ofSeconds(120));
        }
        return new Prepared(new CarrierBook(brands, addressIds, settings.sizes().carriersPerBrand()), extraIds, sockets);
    }

    private static String addAddress(Api api, String name, String ip) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send(api.addAddress(name, ip));
        if (response.statusCode() == 201) {
            String id = Api.JSON.readTree(response.body()).path("id").asText();
            Progress.say("setup: address %s (%s) added: %s", name, ip, id);
            return id;
        }
        if (response.statusCode() == 409) {
            JsonNode problem = Api.JSON.readTree(response.body());
            String existing = problem.path("existingAddressId").asText("");
            if (!existing.isEmpty()) {
                Progress.say("setup: %s is already address %s; using it", ip, existing);
                return existing;
            }
        }
        throw new IOException("POST /api/addresses " + ip + " answered " + response.statusCode() + ": " + Api.abbreviate(response.body()));
    }

    /** Waits until the sync service has made Kamailio listen on the additional addresses, and Kamailio answers. */
    private static void awaitListeners(Api api, KamailioRpc kamailio, List<String> sockets, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                JsonNode status = api.call(api.get(api.settings().syncUrl(), "/api/status"));
                List<String> live = new ArrayList<>();
                status.path("liveSockets").forEach(s -> live.add(s.asText()));
                boolean settled = live.containsAll(sockets) && status.path("missingSockets").isEmpty()
                        && !status.path("pendingChanges").asBoolean(true);
                last = "live " + live + ", pending " + status.path("pendingChanges").asText() + ", last result "
                        + status.path("lastResult").asText();
                if (settled && kamailio.answers()) {
                    Progress.say("setup: Kamailio listens on %s", sockets);
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.getMessage();
            }
            Threads.sleep(250);
        }
        throw new IOException("Kamailio did not come to listen on " + sockets + " within " + limit.toSeconds() + " s (" + last + ")");
    }
}
