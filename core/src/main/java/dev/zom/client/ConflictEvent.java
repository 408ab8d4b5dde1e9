package dev.zom.client;

/**
 * A conflict the broker decided: a write that replaced another client's write inside the conflict window, or one
 * superseded by a higher-priority write. Both values are kept: the standing one in the entry, the other in history.
 *
 * @param location    the entry's location.
 * @param metapath    the entry's metapath as the write spelled it.
 * @param superseded  true when this write was superseded; false when it overwrote the other.
 * @param client      this write's client id.
 * @param index       this write's journal index.
 * @param otherClient the other write's client id.
 * @param otherIndex  the other write's journal index.
 * @param timeMillis  the broker's time of the decision.
 */
public record ConflictEvent(
    String location,
    String metapath,
    boolean superseded,
    long client,
    long index,
    long otherClient,
    long otherIndex,
    long timeMillis)
{
}
