package org.proxytrunks.embedded.mongo;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Positions} behaves as the insertion-ordered set it replaces, whatever adds and removes it sees. */
class PositionsTest {

    @Property(tries = 300)
    void behavesAsALinkedHashSet(@ForAll("operations") List<Integer> operations) {
        Positions positions = new Positions();
        LinkedHashSet<Object> model = new LinkedHashSet<>();
        for (int operation : operations) {
            String position = "d" + Math.abs(operation);
            boolean changed = operation >= 0 ? positions.add(position) : positions.remove(position);
            boolean expected = operation >= 0 ? model.add(position) : model.remove(position);
            assertThat(changed).as("%s %s", operation >= 0 ? "add" : "remove", position).isEqualTo(expected);
            assertThat(new ArrayList<>(positions)).isEqualTo(new ArrayList<>(model));
            assertThat(positions.size()).isEqualTo(model.size());
            assertThat(positions.contains(position)).isEqualTo(model.contains(position));
        }
    }

    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.integers().between(-4, 4).list().ofMaxSize(30);
    }
}
