package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.KamailioFiles;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The sockets Kamailio listens on, read from its answer to {@code corex.list_sockets}. */
final class LiveSockets {

    private LiveSockets() {
    }

    /** The sockets of {@code answer} as {@code proto:ip:port}, the XML-RPC socket ({@code tcp} on {@code rpcPort}) left out. */
    static List<String> of(Object answer, int rpcPort) {
        Set<String> sockets = new TreeSet<>();
        if (answer instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> socket) {
                    String proto = String.valueOf(socket.get("PROTO"));
                    String name = String.valueOf(socket.get("NAME")).replace("[", "").replace("]", "");
                    String port = String.valueOf(socket.get("PORT"));
                    if (String.valueOf(rpcPort).equals(port) && "tcp".equals(proto)) {
                        continue;
                    }
                    try {
                        sockets.add(KamailioFiles.socket(proto, IpLiteral.parse(name), Integer.parseInt(port)));
                    } catch (RuntimeException notAnAddress) {
                        sockets.add(proto + ":" + name + ":" + port);
                    }
                }
            }
        }
        return List.copyOf(sockets);
    }
}
