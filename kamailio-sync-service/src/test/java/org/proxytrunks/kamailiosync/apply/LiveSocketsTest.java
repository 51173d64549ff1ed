package org.proxytrunks.kamailiosync.apply;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveSocketsTest {

    @Test
    void kamailiosSocketsAreReadWithoutTheXmlRpcOne() {
        Object answer = List.of(
                Map.of("PROTO", "udp", "NAME", "127.0.0.1", "PORT", 5060),
                Map.of("PROTO", "tcp", "NAME", "127.0.0.1", "PORT", 8000),
                Map.of("PROTO", "tcp", "NAME", "[::1]", "PORT", 5060),
                Map.of("PROTO", "udp", "NAME", "not-an-address", "PORT", 5060),
                "not a socket");
        assertThat(LiveSockets.of(answer, 8000))
                .containsExactly("tcp:[::1]:5060", "udp:127.0.0.1:5060", "udp:not-an-address:5060");
    }

    @Test
    void anAnswerOfAnotherShapeHasNoSockets() {
        assertThat(LiveSockets.of("fault", 8000)).isEmpty();
        assertThat(LiveSockets.of(null, 8000)).isEmpty();
    }
}
