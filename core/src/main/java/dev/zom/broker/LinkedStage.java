package dev.zom.broker;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;

/**
 * A ring stage with its {@link StageSignal}s: it registers as the waiter of the signal of the stage before it, and at
 * the end of each batch it publishes its sequence (through Disruptor's sequence callback, before the batch processor
 * would) and signals the stage after it. Publishing first matters: woken before the sequence moved, the next stage
 * would look, find nothing and park again.
 *
 * @param <T> the ring's event type.
 */
final class LinkedStage<T> implements EventHandler<T>
{
    private final EventHandler<T> stage;
    private final StageSignal waitsOn;
    private final StageSignal wakes;
    private Sequence published;

    /**
     * @param stage   the handler.
     * @param waitsOn the signal of the stage before it, or null for the first stage.
     * @param wakes   the signal of the stage after it, or null for the last stage.
     */
    LinkedStage(final EventHandler<T> stage, final StageSignal waitsOn, final StageSignal wakes)
    {
        this.stage = stage;
        this.waitsOn = waitsOn;
        this.wakes = wakes;
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        published = sequenceCallback;
    }

    @Override
    public void onStart()
    {
        if (waitsOn != null)
        {
            waitsOn.registerCurrentThread();
        }
        stage.onStart();
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        stage.onBatchStart(batchSize, queueDepth);
    }

    @Override
    public void onEvent(final T event, final long sequence, final boolean endOfBatch) throws Exception
    {
        stage.onEvent(event, sequence, endOfBatch);
        if (endOfBatch && wakes != null)
        {
            published.set(sequence);
            wakes.signal();
        }
    }

    @Override
    public void onShutdown()
    {
        stage.onShutdown();
    }
}
