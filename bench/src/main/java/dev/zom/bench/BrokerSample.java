package dev.zom.bench;

/**
 * One look at a broker in a JVM of its own ({@link ChildBroker}).
 *
 * @param seconds     seconds since the load began (the soak; 0 elsewhere).
 * @param heapUsed    JVM heap in use, bytes (garbage included: its lows over a span show what the broker keeps).
 * @param resident    resident memory of the process, bytes.
 * @param threads     the process's threads.
 * @param openFiles   its open file descriptors.
 * @param writerLag   journal records the disk writers are behind, all together.
 * @param journaled   writes journaled so far.
 * @param acked       writes acknowledged so far.
 * @param conflicts   conflicts so far.
 * @param busy        busy replies so far.
 * @param rejected    writes rejected so far.
 * @param applied     entries applied so far.
 * @param waiting     locations and entries waiting for their storage.
 */
record BrokerSample(long seconds, long heapUsed, long resident, long threads, long openFiles, long writerLag,
    long journaled, long acked, long conflicts, long busy, long rejected, long applied, long waiting)
{
    /** The columns of {@link #row()}, tab-separated. */
    static final String HEADER = "seconds\theap_used_bytes\tresident_bytes\tthreads\topen_files\twriter_lag\t" +
        "journaled\tacked\tconflicts\tbusy\trejected\tapplied\twaiting";

    /** @return the sample as a tab-separated line. */
    String row()
    {
        return seconds + "\t" + heapUsed + "\t" + resident + "\t" + threads + "\t" + openFiles + "\t" + writerLag +
            "\t" + journaled + "\t" + acked + "\t" + conflicts + "\t" + busy + "\t" + rejected + "\t" + applied + "\t" +
            waiting;
    }
}
