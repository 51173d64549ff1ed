package org.proxytrunks.kamailiosync.rpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HtableDumpTest {

    @Test
    void readsTheEntriesOfEverySlotFromKamailiosAnswer() throws Exception {
        Object answer = XmlRpcClient.decode("htable.dump", """
                <?xml version="1.0"?><methodResponse><params><param><value><array><data>
                <value><struct><member><name>entry</name><value><i4>0</i4></value></member>
                  <member><name>slot</name><value><array><data>
                    <value><struct><member><name>name</name><value><string>carrier-7</string></value></member>
                      <member><name>value</name><value><string>udp:127.0.0.2:5060</string></value></member></struct></value>
                  </data></array></value></member></struct></value>
                <value><struct><member><name>entry</name><value><i4>3</i4></value></member>
                  <member><name>slot</name><value><array><data>
                    <value><struct><member><name>name</name><value><string>carrier-9</string></value></member>
                      <member><name>value</name><value><string>udp:127.0.0.1:5060</string></value></member></struct></value>
                  </data></array></value></member></struct></value>
                </data></array></value></param></params></methodResponse>
                """.strip().getBytes(StandardCharsets.UTF_8));

        assertThat(HtableDump.entries(answer))
                .containsExactly(Map.entry("carrier-7", "udp:127.0.0.2:5060"), Map.entry("carrier-9", "udp:127.0.0.1:5060"));
    }

    @Test
    void anEmptyTableOrAnUnexpectedAnswerHasNoEntries() {
        assertThat(HtableDump.entries(List.of())).isEmpty();
        assertThat(HtableDump.entries("not a dump")).isEmpty();
        assertThat(HtableDump.entries(List.of(Map.of("slot", List.of(Map.of("value", "x")))))).isEmpty();
    }
}
