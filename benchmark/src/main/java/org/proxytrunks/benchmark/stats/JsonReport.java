package org.proxytrunks.benchmark.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON report: where and how the run was made ({@code run}: machine, java, date, commit, mode,
 * ...), what failed, and every figure by its key with its text and its numbers.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static ObjectNode build(Map<String, Object> run, List<String> failures, List<Figure> figures) {
        ObjectNode root = JSON.createObjectNode();
        root.set("run", JSON.valueToTree(run));
        root.put("ok", failures.isEmpty());
        root.set("failures", JSON.valueToTree(failures));
        ObjectNode byKey = root.putObject("figures");
        for (Figure figure : figures) {
            ObjectNode node = byKey.putObject(figure.key());
            node.put("label", figure.label());
            node.put("value", figure.value());
            if (!figure.baseline().isEmpty()) {
                node.put("baseline", figure.baseline());
            }
            if (!figure.note().isEmpty()) {
                node.put("note", figure.note());
            }
            figure.data().forEach((name, number) -> node.set(name, JSON.valueToTree(number)));
        }
        return root;
    }

    /** Writes the report to {@code file} (its directories made), replacing it atomically. */
    public static void write(Path file, Map<String, Object> run, List<String> failures, List<Figure> figures) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), build(run, failures, figures));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
