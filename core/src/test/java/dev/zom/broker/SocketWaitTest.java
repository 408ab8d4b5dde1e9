package dev.zom.broker;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

import static org.assertj.core.api.Assertions.assertThat;

class SocketWaitTest
{
    @Test
    void aWakeUpByteThatLandsAfterItsFlagWasClearedShouldBeReadByTheWaitThatFindsIt() throws Exception
    {
        final Pipe pipe = Pipe.open();
        try (IngressWakeup wakeup = new IngressWakeup(pipe);
            SocketWait wait = new SocketWait(wakeup))
        {
            wakeup.signal();
            wakeup.clear();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));

            wait.await(10_000);

            assertThat(pipe.source().read(ByteBuffer.allocate(8)))
                .as("bytes left in the wake-up pipe, which would keep every later wait from blocking").isZero();
        }
    }

    @Test
    void aSignalAfterAStrayByteWasDiscardedShouldStillWakeTheWait() throws Exception
    {
        final Pipe pipe = Pipe.open();
        try (IngressWakeup wakeup = new IngressWakeup(pipe);
            SocketWait wait = new SocketWait(wakeup))
        {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            wait.await(10_000);
            wakeup.clear();

            wakeup.signal();
            final long start = System.nanoTime();
            wait.await(10_000);

            assertThat((System.nanoTime() - start) / 1_000_000).as("ms the wait blocked with a signal pending")
                .isLessThan(5_000);
        }
    }
}
