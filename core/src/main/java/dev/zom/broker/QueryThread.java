package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.protocol.RequestDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Answers read, ls and stat requests on a thread of its own ({@code zom-queries-STORE}, one per disk: see
 * {@link QueryRouter}), so that a file system that is slow or hangs (a failing disk, a share whose server went away)
 * holds the queries that read it, not the ingress: answered on the ingress, one read of a hung file stopped the
 * broker from acknowledging any client's writes. The
 * ingress hands a query over in a free slot (the sender's identity and the request, copied) and sends the answer the
 * thread leaves there; with every slot taken (that many queries unanswered) it answers {@code BUSY} at once. Slots
 * are made once; answering allocates, as {@link Queries} does. Writes never come here.
 */
final class QueryThread implements AutoCloseable
{
    /** How many queries may wait for their answer at once. */
    static final int SLOTS = 64;
    private static final long CLOSE_MILLIS = 2_000;

    /**
     * Sends an answer on the ROUTER socket: the ingress's own send.
     */
    @FunctionalInterface
    interface AnswerSender
    {
        void send(byte[] identity, int identityLength, boolean delimiter, byte[] answer, int length);
    }

    /**
     * One query handed over, and then its answer.
     */
    private static final class Slot
    {
        final byte[] identity = new byte[WriteEvent.MAX_IDENTITY];
        final UnsafeBuffer request;
        final ExpandableArrayBuffer answer = new ExpandableArrayBuffer(4096);
        int identityLength;
        boolean delimiter;
        int requestLength;
        int answerLength;

        Slot(final int maxRequestLength)
        {
            request = new UnsafeBuffer(new byte[maxRequestLength]);
        }
    }

    /** The slots the ingress may hand over; only the ingress touches it. */
    private final ArrayDeque<Slot> free = new ArrayDeque<>(SLOTS);
    /** Queries handed over; the query thread blocks on it. */
    private final ArrayBlockingQueue<Slot> asked = new ArrayBlockingQueue<>(SLOTS);
    /** Answers ready; polled by the ingress every duty cycle, so without a lock. */
    private final OneToOneConcurrentArrayQueue<Slot> answered = new OneToOneConcurrentArrayQueue<>(SLOTS);
    private final Supplier<Queries> queriesFactory;
    private final IngressWakeup wakeup;
    private final Counters counters;
    private final Consumer<Throwable> errorHandler;
    private final Thread thread;

    /**
     * @param name             the thread's name.
     * @param maxRequestLength the longest query the ingress takes.
     * @param queriesFactory   makes the answerer, on the query thread.
     * @param wakeup           wakes the ingress when an answer is ready.
     * @param counters         counts the queries answered.
     * @param errorHandler     told of an unexpected failure while answering (the query is answered with an error).
     */
    QueryThread(
        final String name,
        final int maxRequestLength,
        final Supplier<Queries> queriesFactory,
        final IngressWakeup wakeup,
        final Counters counters,
        final Consumer<Throwable> errorHandler)
    {
        for (int i = 0; i < SLOTS; i++)
        {
            free.add(new Slot(maxRequestLength));
        }
        this.queriesFactory = queriesFactory;
        this.wakeup = wakeup;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Hands a query over; on the ingress thread.
     *
     * @return false when every slot is taken: the caller answers {@code BUSY}.
     */
    boolean ask(
        final byte[] identity, final int identityLength, final boolean delimiter, final byte[] request,
        final int length)
    {
        final Slot slot = free.poll();
        if (slot == null)
        {
            return false;
        }
        System.arraycopy(identity, 0, slot.identity, 0, identityLength);
        slot.identityLength = identityLength;
        slot.delimiter = delimiter;
        slot.request.putBytes(0, request, 0, length);
        slot.requestLength = length;
        asked.add(slot);
        return true;
    }

    /**
     * Sends the answers that are ready and frees their slots; on the ingress thread.
     *
     * @return how many were sent.
     */
    int sendAnswers(final AnswerSender sender)
    {
        int sent = 0;
        for (Slot slot = answered.poll(); slot != null; slot = answered.poll())
        {
            sender.send(slot.identity, slot.identityLength, slot.delimiter, slot.answer.byteArray(),
                slot.answerLength);
            free.add(slot);
            sent++;
        }
        return sent;
    }

    private void run()
    {
        final RequestDecoder request = new RequestDecoder();
        try (Queries queries = queriesFactory.get())
        {
            while (!Thread.currentThread().isInterrupted())
            {
                final Slot slot = asked.take();
                request.wrap(slot.request, 0, slot.requestLength).checkStructure();
                try
                {
                    slot.answerLength = queries.answer(request, slot.answer);
                }
                catch (final RuntimeException ex)
                {
                    errorHandler.accept(ex);
                    slot.answerLength = Queries.error(request, slot.answer, ErrorCode.STORAGE,
                        "the broker failed to answer: " + ex);
                }
                counters.add(BrokerCounter.QUERIES, 1);
                answered.add(slot);
                wakeup.signal();
            }
        }
        catch (final InterruptedException stop)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the thread; one held in a hung file system is left behind (a daemon thread) after a short wait.
     */
    @Override
    public void close()
    {
        thread.interrupt();
        try
        {
            thread.join(CLOSE_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
