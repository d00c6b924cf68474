package dev.stowage.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the results as {@code results.md} (a Markdown table) and {@code results.csv}. Rows of an earlier run
 * kept with {@link #keepEarlier} stay above the new ones, with that run's description.
 */
final class ResultsTable {
    private static final String TITLE = "# Stowage benchmarks\n\n";
    private static final String TABLE_HEAD = "| comparison | Stowage | baseline | unit | ratio | goal | result"
            + " | rounds |\n|---|---:|---:|---|---:|---|---|---:|\n";
    private static final String CSV_HEAD = "comparison,baseline,unit,stowage,baseline_value,ratio,goal,result,rounds\n";

    private final Path directory;
    private final List<String> descriptions = new ArrayList<>();
    private final List<String> markdownRows = new ArrayList<>();
    private final List<String> csvRows = new ArrayList<>();

    ResultsTable(Path directory) {
        this.directory = directory;
    }

    /** Keeps the rows and description of the results already in the directory (a run of other comparisons). */
    void keepEarlier() {
        try {
            String markdown = Files.readString(directory.resolve("results.md"));
            String body = markdown.substring(TITLE.length(), markdown.indexOf(TABLE_HEAD));
            descriptions.add(body.strip());
            markdown.substring(markdown.indexOf(TABLE_HEAD) + TABLE_HEAD.length()).lines()
                    .filter(line -> line.startsWith("| ")).forEach(markdownRows::add);
            Files.readAllLines(directory.resolve("results.csv")).stream().skip(1).forEach(csvRows::add);
        } catch (IOException e) {
            throw new UncheckedIOException("no earlier results to keep in " + directory, e);
        }
    }

    void write(List<ResultRow> rows, String description) {
        List<String> allDescriptions = new ArrayList<>(descriptions);
        allDescriptions.add(description);
        StringBuilder markdown = new StringBuilder(TITLE).append(String.join("\n\n", allDescriptions))
                .append("\n\n").append(TABLE_HEAD);
        StringBuilder csv = new StringBuilder(CSV_HEAD);
        // An earlier row of a comparison measured again gives way to the new one.
        List<String> remeasured = rows.stream().map(ResultRow::comparison).toList();
        markdownRows.stream()
                .filter(line -> remeasured.stream().noneMatch(name -> line.startsWith("| " + name + " | ")))
                .forEach(line -> markdown.append(line).append('\n'));
        csvRows.stream().filter(line -> remeasured.stream().noneMatch(name -> line.startsWith(csvField(name) + ",")))
                .forEach(line -> csv.append(line).append('\n'));
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
