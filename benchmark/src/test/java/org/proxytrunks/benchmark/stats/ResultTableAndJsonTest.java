package org.proxytrunks.benchmark.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableAndJsonTest {

    private static final List<Figure> FIGURES = List.of(
            Figure.builder("raw.flat-out", "raw Mongo insert + Kafka send, 8 threads").value("1,800/s").note("18000 operations in 10 s")
                    .data("opsPerSecond", 1800.0).build(),
            Figure.builder("flat-out.8.rate", "flat-out 8 threads: commands/s").value("90.0/s").baseline("raw 8 threads 1,800/s")
                    .note("0.050x").data("commandsPerSecond", 90.0).data("ratioToRaw", 0.05).data("ignored", Double.NaN).build(),
            Figure.notAvailable("paced.200-20.kamailio", "paced 200/s: change → Kamailio", "kamailio not installed"),
            Figure.builder("odd", "a | pipe\nand a line break").value("1").build());

    @Test
    void oneRowPerFigureWithAlignedColumns() {
        String table = ResultTable.render(FIGURES);
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(2 + FIGURES.size());
        assertThat(lines.get(0)).startsWith("| figure").contains("| value").contains("| baseline (same run)").contains("| ratio / note").endsWith(" |");
        assertThat(lines.get(1)).matches("\\|(-+\\|){4}");
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()));
        assertThat(lines).allSatisfy(line -> assertThat(line.chars().filter(c -> c == '|').count()).isEqualTo(5));
        int valueColumn = lines.get(0).indexOf("| value");
        assertThat(lines.get(3).indexOf("| 90.0/s")).isEqualTo(valueColumn);
        assertThat(lines.get(3)).contains("| raw 8 threads 1,800/s").contains("| 0.050x");
        assertThat(lines.get(4)).contains("n/a (kamailio not installed)");
        assertThat(lines.get(5)).contains("a / pipe and a line break");
    }

    @Test
    void anEmptyTableStillHasItsHeader() {
        assertThat(ResultTable.render(List.of()).lines()).hasSize(2);
    }

    @Test
    void theJsonReportHasTheRunTheFailuresAndEveryFigureByKey(@TempDir Path directory) throws Exception {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("mode", "quick");
        run.put("machine", Map.of("nproc", 2));
        Path file = directory.resolve("nested/latest.json");
        JsonReport.write(file, run, List.of("paced: 3 non-2xx answers"), FIGURES);

        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.path("run").path("mode").asText()).isEqualTo("quick");
        assertThat(json.path("run").path("machine").path("nproc").asInt()).isEqualTo(2);
        assertThat(json.path("ok").asBoolean(true)).isFalse();
        assertThat(json.path("failures").get(0).asText()).isEqualTo("paced: 3 non-2xx answers");
        JsonNode figures = json.path("figures");
        assertThat(figures.size()).isEqualTo(FIGURES.size());
        JsonNode flat = figures.path("flat-out.8.rate");
        assertThat(flat.path("value").asText()).isEqualTo("90.0/s");
        assertThat(flat.path("baseline").asText()).isEqualTo("raw 8 threads 1,800/s");
        assertThat(flat.path("commandsPerSecond").asDouble()).isEqualTo(90.0);
        assertThat(flat.path("ratioToRaw").asDouble()).isEqualTo(0.05);
        assertThat(flat.has("ignored")).isFalse();
        assertThat(figures.path("raw.flat-out").has("baseline")).isFalse();
        assertThat(figures.path("paced.200-20.kamailio").path("unavailable").asText()).isEqualTo("kamailio not installed");
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void aRunWithoutFailuresIsOk() {
        JsonNode json = JsonReport.build(Map.of(), List.of(), List.of());
        assertThat(json.path("ok").asBoolean()).isTrue();
        assertThat(json.path("failures").isEmpty()).isTrue();
    }
}
