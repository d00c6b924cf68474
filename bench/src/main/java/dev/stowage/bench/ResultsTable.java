package dev.stowage.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes the results as {@code results.md} (a Markdown table) and {@code results.csv}. */
final class ResultsTable {
    private ResultsTable() {
    }

    static void write(Path directory, List<ResultRow> rows, String header) {
        StringBuilder markdown = new StringBuilder("# Stowage benchmarks\n\n").append(header).append("\n\n")
                .append("| comparison | Stowage | baseline | unit | ratio | goal | result | rounds |\n")
                .append("|---|---:|---:|---|---:|---|---|---:|\n");
        StringBuilder csv = new StringBuilder("comparison,baseline,unit,stowage,baseline_value,ratio,goal,result,rounds\n");
        for (ResultRow row : rows) {
            markdown.append(String.join(" | ", "| " + row.comparison(), row.stowageFigure(),
                    row.baselineFigure() + " (" + row.baseline() + ")", row.unit(), row.ratioText(),
                    row.goal().toString(), row.verdict(), row.rounds() + " |")).append('\n');
            csv.append(List.of(row.comparison(), row.baseline(), row.unit(), row.stowageFigure(),
                    row.baselineFigure(), String.format(java.util.Locale.ROOT, "%.3f", row.ratio()),
                    row.goal().toString(), row.verdict(), Integer.toString(row.rounds())).stream()
                    .map(ResultsTable::csvField).collect(Collectors.joining(","))).append('\n');
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("results.md"), markdown);
            Files.writeString(directory.resolve("results.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
