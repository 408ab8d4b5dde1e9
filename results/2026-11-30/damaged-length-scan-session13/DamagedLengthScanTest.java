package dev.zom.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Throwaway scan (session 13): 300 records of 60-99 bytes, record 5's length header changed by each delta from
 * -96 to 2000 in steps of 4; reads the journal whole and says, per delta, how many records came back under their own
 * index (good), under another record's index (mislabeled), as garbage, and how many wrong ones at index 128 or later.
 */
class DamagedLengthScanTest
{
    @TempDir
    Path dir;

    @Test
    void scan() throws Exception
    {
        final StringBuilder out = new StringBuilder();
        for (int delta = -96; delta <= 2000; delta += 4)
        {
            if (delta == 0)
            {
                continue;
            }
            final Path d = dir.resolve("j" + (delta + 1000));
            try (Journal journal = Journal.open(new Journal.Context().directory(d));
                JournalAppender appender = journal.appender())
            {
                for (int i = 0; i < 300; i++)
                {
                    final ByteBuffer b = ByteBuffer.allocate(60 + (i * 7) % 40).order(ByteOrder.LITTLE_ENDIAN);
                    b.put(("record-" + i + "|").getBytes(StandardCharsets.US_ASCII));
                    b.putLong(1_000_000L + i).putInt(3).putShort((short)(i % 5)).putInt(i * 13);
                    appender.append(b.array(), 0, b.capacity());
                }
            }
            try (Stream<Path> files = Files.list(d))
            {
                final Path cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
                final byte[] bytes = Files.readAllBytes(cycle);
                final int pos = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("record-5|") - 4;
                final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(pos, b.getInt(pos) + delta);
                Files.write(cycle, bytes);
            }
            try (Journal journal = Journal.open(new Journal.Context().directory(d));
                JournalReader reader = journal.reader())
            {
                final long first = journal.firstIndex();
                final byte[] buf = new byte[70000];
                int n;
                int good = 0;
                int garbage = 0;
                int mislabeled = 0;
                int lateBad = 0;
                while ((n = reader.nextUntilEnd(buf)) >= 0)
                {
                    final String s = new String(buf, 0, Math.min(n, 16), StandardCharsets.ISO_8859_1);
                    final long label = reader.lastIndex() - first;
                    final boolean ok = s.startsWith("record-" + label + "|");
                    good += ok ? 1 : 0;
                    mislabeled += !ok && s.startsWith("record-") ? 1 : 0;
                    garbage += !ok && !s.startsWith("record-") ? 1 : 0;
                    lateBad += !ok && label >= 128 ? 1 : 0;
                }
                out.append("delta ").append(delta).append(" good=").append(good).append(" garbage=").append(garbage)
                    .append(" mislabeled=").append(mislabeled).append(" lateBad=").append(lateBad)
                    .append(" unreadable=").append(reader.unreadable()).append(" misplaced=")
                    .append(reader.misplaced()).append(" last=").append(reader.lastIndex() - first).append('\n');
            }
        }
        Files.writeString(Path.of(System.getProperty("scan.out")), out);
    }
}
