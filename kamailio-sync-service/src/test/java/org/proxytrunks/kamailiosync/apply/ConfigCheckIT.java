package org.proxytrunks.kamailiosync.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kamailio -c} (the real binary) on the shipped template with candidate listener files. */
class ConfigCheckIT {

    private static final Path TEMPLATE = Path.of("..", "kamailio", "kamailio.cfg.template");

    @TempDir
    Path tables;

    @Test
    void renderedListenerSetsPassAndABrokenOneIsRefused() throws Exception {
        assertThat(ConfigCheck.available(TEMPLATE, "kamailio")).as("./test.sh installs Kamailio").isTrue();
        assertThat(ConfigCheck.available(TEMPLATE, "no-such-kamailio-binary")).isFalse();
        Files.writeString(tables.resolve("carriers"), KamailioFiles.providerTable(Map.of()));
        Files.writeString(tables.resolve("ddi_providers"), KamailioFiles.providerTable(Map.of()));
        ConfigCheck check = new ConfigCheck(TEMPLATE, "kamailio", tables);
        IpLiteral main = IpLiteral.parse("127.0.0.1");
        String mainListeners = KamailioFiles.listenLines(List.of(new Listener(AddressId.MAIN, main, null, true)), false);
        String additional = KamailioFiles.listenLines(List.of(new Listener(new AddressId("a"), IpLiteral.parse("2001:db8::2"),
                IpLiteral.parse("203.0.113.9"), false)), false);
        assertThat(check.refusal(mainListeners, additional, main, 8000)).isEmpty();
        assertThat(check.refusal(mainListeners, "listen=udp:127.0.0.2:5060 advertise\n", main, 8000))
                .get().asString().startsWith("kamailio -c refused the new listener set");
    }
}
