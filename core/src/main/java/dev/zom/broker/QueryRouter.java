package dev.zom.broker;

import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestValidator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Hands each query to the {@link QueryThread} of the disk its location is on: one thread per store, as the disk
 * writers have, and one more for {@code stat} and for locations outside every root (refused without reading a
 * disk). A disk that hangs then holds the queries that read it and no others: with one thread for every disk, a
 * read of a hung disk held every later read and listing of the sound ones behind it, until they were answered
 * {@code BUSY}. Routing reads the location's bytes and allocates nothing. Only the ingress asks and sends answers.
 */
final class QueryRouter implements AutoCloseable
{
    /** The name of the thread that answers {@code stat} and locations outside every root. */
    static final String GENERAL = "zom-queries";

    private final RequestValidator roots;
    private final QueryThread general;
    private final QueryThread[] byRoot;
    private final List<QueryThread> all = new ArrayList<>();

    /**
     * @param roots  the broker's roots.
     * @param stores the stores holding them.
     * @param thread makes a query thread of the name given for a store (null for the general thread).
     */
    QueryRouter(final List<Path> roots, final Stores stores, final BiFunction<String, Stores.Store, QueryThread> thread)
    {
        this.roots = new RequestValidator(roots, 0);
        this.general = thread.apply(GENERAL, null);
        all.add(general);
        final Map<Stores.Store, QueryThread> byStore = new HashMap<>();
        for (final Stores.Store store : stores.all())
        {
            final QueryThread forStore = thread.apply(GENERAL + "-" + store.name(), store);
            byStore.put(store, forStore);
            all.add(forStore);
        }
        final Stores.Store[] storeOfRoot = stores.ofRoots(roots);
        byRoot = new QueryThread[roots.size()];
        for (int i = 0; i < byRoot.length; i++)
        {
            byRoot[i] = byStore.get(storeOfRoot[i]);
        }
    }

    void start()
    {
        all.forEach(QueryThread::start);
    }

    /**
     * Hands a query to its disk's thread; on the ingress thread.
     *
     * @param request the query, decoded and checked for structure.
     * @return false when that thread has no free slot: the caller answers {@code BUSY}.
     */
    boolean ask(
        final byte[] identity, final int identityLength, final boolean delimiter, final byte[] body, final int length,
        final RequestDecoder request)
    {
        return threadFor(request).ask(identity, identityLength, delimiter, body, length);
    }

    private QueryThread threadFor(final RequestDecoder request)
    {
        if (request.operation() != Protocol.OP_READ && request.operation() != Protocol.OP_LS)
        {
            return general;
        }
        final int root = roots.rootOf(request.buffer(), request.locationOffset(), request.locationLength());
        return root < 0 ? general : byRoot[root];
    }

    /**
     * Sends the answers that are ready, every thread's; on the ingress thread.
     *
     * @return how many were sent.
     */
    int sendAnswers(final QueryThread.AnswerSender sender)
    {
        int sent = 0;
        for (int i = 0; i < all.size(); i++)
        {
            sent += all.get(i).sendAnswers(sender);
        }
        return sent;
    }

    @Override
    public void close()
    {
        all.forEach(QueryThread::close);
    }
}
