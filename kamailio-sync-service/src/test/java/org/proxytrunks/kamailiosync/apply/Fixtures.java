package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.kamailiosync.rpc.XmlRpcFaultException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Events and a fake Kamailio for the applier's unit tests. */
final class Fixtures {

    static final BrandId BRAND = new BrandId("b1");

    private Fixtures() {
    }

    static AddressAddedEvent main(String ip) {
        return new AddressAddedEvent(AddressId.MAIN, AddressName.MAIN, IpLiteral.parse(ip), null, true);
    }

    static AddressAddedEvent address(String id, String ip) {
        return new AddressAddedEvent(new AddressId(id), new AddressName(id), IpLiteral.parse(ip), null, false);
    }

    static ProviderAddressSetEvent carrier(String provider, String address) {
        return new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, new ProviderId(provider), new AddressId(address), null);
    }

    static ProviderRetiredEvent retired(String provider, String address) {
        return new ProviderRetiredEvent(BRAND, ProviderKind.CARRIER, new ProviderId(provider), new AddressId(address));
    }

    static SyncSettings settings(Path directory, String restartCommand) {
        return new SyncSettings(directory.resolve("proxytrunks"), directory.resolve("proxytrunks/tables"), 8000, "http://127.0.0.1:1/RPC2",
                restartCommand, false, null, "kamailio", Duration.ofSeconds(10));
    }

    /** Kamailio's XML-RPC as far as the applier uses it: calls are recorded, htables kept, and a call can be made to fail. */
    static final class FakeKamailio implements Rpc {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, Map<String, String>> tables = new ConcurrentHashMap<>();
        volatile boolean down;

        @Override
        public Object call(String method, Object... params) throws IOException, XmlRpcFaultException {
            if (down) {
                throw new IOException("connection refused");
            }
            calls.add(method + " " + String.join(" ", Arrays.stream(params).map(String::valueOf).toList()));
            Map<String, String> table = params.length > 0 ? tables.computeIfAbsent(String.valueOf(params[0]), t -> new ConcurrentHashMap<>()) : null;
            switch (method) {
                case "htable.sets" -> table.put((String) params[1], (String) params[2]);
                case "htable.delete" -> table.remove((String) params[1]);
                case "htable.dump" -> {
                    List<Object> slots = new ArrayList<>();
                    table.forEach((key, value) -> slots.add(Map.of("slot", List.of(Map.of("name", key, "value", value)))));
                    return slots;
                }
                default -> {
                    return "ok";
                }
            }
            return "ok";
        }

        List<String> calls(String method) {
            return calls.stream().filter(call -> call.startsWith(method + " ")).toList();
        }
    }
}
