package dev.zom.broker;

import dev.zom.protocol.RequestValidator;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.List;

/**
 * The locations one store holds, told from a location's bytes without allocating: those whose longest root is one of
 * that store's, as {@link QueryRouter} routes queries. A disk's {@link PendingIndex} keeps only these, so another
 * disk's backlog neither costs it memory nor fills it up (beyond {@link PendingIndex#MAX_ENTRIES} entries its
 * disk's reads would fall back to scans).
 */
final class StoreLocations
{
    private final RequestValidator roots;
    private final boolean[] held;

    /**
     * @param roots  the broker's roots.
     * @param stores the stores holding them.
     * @param store  the store, or null for none (the thread that answers {@code stat} and locations outside the
     *               roots).
     */
    StoreLocations(final List<Path> roots, final Stores stores, final Stores.Store store)
    {
        this.roots = new RequestValidator(roots, 0);
        final Stores.Store[] storeOfRoot = stores.ofRoots(roots);
        held = new boolean[roots.size()];
        for (int i = 0; i < held.length; i++)
        {
            held[i] = store != null && store.equals(storeOfRoot[i]);
        }
    }

    /**
     * Whether the location in {@code b} at {@code offset} is on this store.
     */
    boolean holds(final DirectBuffer b, final int offset, final int length)
    {
        final int root = roots.rootOf(b, offset, length);
        return root >= 0 && held[root];
    }
}
