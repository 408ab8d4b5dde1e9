package dev.zom.broker;

import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The order of the ring's stages, in one place: the journal handler (the arbiter decides, the write is appended),
 * then in durability mode {@code batch} the group commit (one sync for what was appended meanwhile), then the acker.
 * Each stage sees a write only after the one before it finished with it, and each is woken by the one before it
 * through a {@link StageSignal} ({@link LinkedStage}).
 */
final class RingStages
{
    private RingStages()
    {
    }

    /**
     * Puts the stages on the ring.
     *
     * @param disruptor       the ring, not yet started.
     * @param journal         the journal the handler appends to.
     * @param journalHandler  the first stage.
     * @param durableSequence where the durable ring sequence is published for the acker.
     * @param counters        the broker's counters.
     * @param errors          where a failed sync is reported.
     * @param acker           the last stage.
     * @param syncNice        the group commit thread's nice value (0: the process's).
     */
    static void wire(
        final Disruptor<WriteEvent> disruptor,
        final Journal journal,
        final JournalHandler journalHandler,
        final AtomicLong durableSequence,
        final Counters counters,
        final ErrorLog errors,
        final AckHandler acker,
        final int syncNice)
    {
        final StageSignal journaled = new StageSignal();
        final EventHandlerGroup<WriteEvent> journaling =
            disruptor.handleEventsWith(new LinkedStage<>(journalHandler, null, journaled));
        if (journal.context().durability() == DurabilityMode.BATCH)
        {
            final StageSignal durable = new StageSignal();
            journaling.then(new LinkedStage<>(new GroupCommit(journal.syncer(), disruptor.getRingBuffer(),
                durableSequence, counters, errors, syncNice), journaled, durable))
                .then(new LinkedStage<>(acker, durable, null));
        }
        else
        {
            journaling.then(new LinkedStage<>(acker, journaled, null));
        }
    }
}
