package dev.zom.stage;

import dev.zom.client.Ack;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A push in a child JVM that stops dead right after the broker acknowledged its Nth write and before that write
 * leaves the stage: prints "acked N" and waits to be killed.
 */
public final class PushMain
{
    private PushMain()
    {
    }

    /**
     * Runs the push.
     *
     * @param args the stage's folder, the broker's ROUTER endpoint, and N.
     */
    public static void main(final String[] args)
    {
        final long stopAfter = Long.parseLong(args[2]);
        new StagePush(new StageLayout(Path.of(args[0])), args[1], 30_000).run(new PushListener()
        {
            private long acked;

            @Override
            public void acked(final Ticket ticket, final Ack ack)
            {
                if (++acked == stopAfter)
                {
                    System.out.println("acked " + acked);
                    System.out.flush();
                    while (true)
                    {
                        LockSupport.parkNanos(1_000_000_000L);
                    }
                }
            }
        });
        System.out.println("finished without stopping");
    }
}
