package dev.zom.bench;

import java.util.Arrays;

/**
 * The statistics the benchmark reports use: medians of repeated rounds (these machines are noisy).
 */
final class Stats
{
    private Stats()
    {
    }

    static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
