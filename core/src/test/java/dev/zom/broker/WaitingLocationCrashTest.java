package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.JournalContents;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import dev.zom.recovery.WriterLag;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker is killed with {@code kill -9} while a location waits for its storage (every other round), or around the
 * moment it is written again (its record retried, the journal read again from where it failed, its writes applied),
 * at a different moment each time. After a restart every entry holds its last journaled value, and the tree with its
 * history equals a replay of the journal: the checkpoint never passed a write the location still owed.
 */
@Tag("crash")
class WaitingLocationCrashTest
{
    private static final int ROUNDS = 4;
    private static final int ENTRIES = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void aKillWhileAWaitingLocationCatchesUpShouldLoseNothing() throws Exception
    {
        final Path blocked = dir.resolve("data/blocked");
        final String open = dir.resolve("data/open").toString();
        final SplittableRandom random = new SplittableRandom(13);
        for (int round = 0; round < ROUNDS; round++)
        {
            try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
            {
                final String router = BrokerMain.routerOf(broker);
                try (ZomClient a = ZomClient.connect(router, null);
                    ZomClient b = ZomClient.connect(router, null).priority((short)1))
                {
                    final String first = String.valueOf(round);
                    a.writeAcked(blocked.toString(), "first", Value.of((long)round));
                    Await.until("the location written", 60_000,
                        () -> Await.contentOf(blocked.resolve(".meta/first.int")).equals(first));
                    assertThat(Commands.run("chattr", "+i", blocked.resolve(".meta").toString())).isTrue();
                    try
                    {
                        writeRound(a, b, blocked.toString(), open, round);
                        final String lastOpen = "\"r" + round + "-" + (ENTRIES - 1) + "\"";
                        Await.until("the writer past the waiting location's writes", 60_000,
                            () -> Await.contentOf(Path.of(open, ".meta/e" + (ENTRIES - 1) + ".string"))
                                .equals(lastOpen));
                        if (round % 2 == 0)
                        {
                            broker.kill9();
                        }
                    }
                    finally
                    {
                        assertThat(Commands.run("chattr", "-i", blocked.resolve(".meta").toString())).isTrue();
                    }
                }
                Thread.sleep(random.nextInt(0, 1_500));
                broker.kill9();
            }
        }
        WriterLag.drainWithOneMoreRun(dir);
        final int last = ROUNDS - 1;
        for (int e = 0; e < ENTRIES; e += 97)
        {
            assertThat(Files.readString(blocked.resolve(".meta/e" + e + ".string")))
                .isEqualTo("\"r" + last + "-" + e + "\"");
        }
        JournalContents.assertTreeMatchesReplay(dir);
    }

    /**
     * Two clients write every entry of both locations at once, inside the conflict window, pipelined: the second, of
     * a higher priority, wins whichever reaches the broker first, and the first's value goes to history.
     */
    private static void writeRound(
        final ZomClient a, final ZomClient b, final String blocked, final String open, final int round)
    {
        for (int e = 0; e < ENTRIES; e++)
        {
            for (final String location : new String[] {blocked, open})
            {
                a.send(location, "e" + e, Value.of("a" + round + "-" + e));
                b.send(location, "e" + e, Value.of("r" + round + "-" + e));
            }
            if (e >= 64)
            {
                receiveAcks(a, b, 2);
            }
        }
        receiveAcks(a, b, 128);
    }

    private static void receiveAcks(final ZomClient a, final ZomClient b, final int each)
    {
        for (int i = 0; i < each; i++)
        {
            a.receiveAck();
            b.receiveAck();
        }
    }
}
