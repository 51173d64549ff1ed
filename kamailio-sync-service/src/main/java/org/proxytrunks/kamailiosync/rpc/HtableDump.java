package org.proxytrunks.kamailiosync.rpc;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the answer of {@code htable.dump}: a list of slots, each with its entries' names and values. */
public final class HtableDump {

    private HtableDump() {
    }

    /** The entries of the dumped table, by name; entries that are not name/value pairs are left out. */
    public static Map<String, String> entries(Object answer) {
        Map<String, String> entries = new TreeMap<>();
        if (answer instanceof List<?> slots) {
            for (Object slot : slots) {
                if (slot instanceof Map<?, ?> slotMap && slotMap.get("slot") instanceof List<?> pairs) {
                    for (Object pair : pairs) {
                        if (pair instanceof Map<?, ?> entry && entry.get("name") instanceof String name) {
                            entries.put(name, String.valueOf(entry.get("value")));
                        }
                    }
                }
            }
        }
        return entries;
    }
}
