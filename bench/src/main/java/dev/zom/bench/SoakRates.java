package dev.zom.bench;

/**
 * How much of each kind of client a soak runs, a second ({@code -Dzom.soak.acked}, {@code .pull}, {@code .tasks},
 * {@code .queries}), and whether its render tasks say bye when done ({@code -Dzom.soak.tasks.bye}).
 *
 * @param acked       acknowledged writes, all pipelining writers together (default 2,000).
 * @param pull        fire-and-forget writes (default 2,000).
 * @param tasks       render tasks, each with a connection of its own (default 20).
 * @param queries     listings, each with a read (default 50).
 * @param tasksSayBye whether each task's client chooses its id and says bye on close (default), or is given a random
 *                    id and says none, as a crashed task or a peer without bye leaves its retry window behind.
 */
record SoakRates(double acked, double pull, double tasks, double queries, boolean tasksSayBye)
{
    /**
     * The rates the system properties give.
     *
     * @return the rates.
     */
    static SoakRates fromProperties()
    {
        return new SoakRates(rate("acked", 2_000), rate("pull", 2_000), rate("tasks", 20), rate("queries", 50),
            Boolean.parseBoolean(System.getProperty("zom.soak.tasks.bye", "true")));
    }

    private static double rate(final String name, final double byDefault)
    {
        return Double.parseDouble(System.getProperty("zom.soak." + name, String.valueOf(byDefault)));
    }
}
