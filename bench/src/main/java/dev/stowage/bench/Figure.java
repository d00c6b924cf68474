package dev.stowage.bench;

/**
 * How a measured cost is shown: {@code work / cost} in {@code unit} (MB/s, files/s) when {@code work} is set,
 * else the cost itself scaled by {@code scale} (MiB of memory).
 */
record Figure(String unit, double work, double scale) {

    static Figure rate(String unit, double work) {
        return new Figure(unit, work, 0);
    }

    static Figure megabytesPerSecond(long bytes) {
        return rate("MB/s", bytes / 1e6);
    }

    static Figure mebibytes() {
        return new Figure("MiB", 0, 1.0 / (1 << 20));
    }

    String show(double cost) {
        double value = work > 0 ? work / cost : cost * scale;
        return String.format(java.util.Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }
}
