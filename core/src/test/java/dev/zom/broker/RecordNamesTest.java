package dev.zom.broker;

import dev.zom.Allocations;
import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk writer's memory of entry names: the same names, key and store as decoding each record would give, told
 * apart by every byte and by where the location ends, still right after it forgets, and found again without
 * allocating (the JVM's per-thread allocation counter).
 */
class RecordNamesTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final RequestEncoder encoder = new RequestEncoder();
    private final RequestDecoder request = new RequestDecoder();

    @Test
    void namesShouldBeTheDecodedOnesAndFoundAgain(@TempDir final Path dir)
    {
        final Path disk = dir.resolve("disk");
        final Path other = dir.resolve("other");
        final Stores stores = new Stores(List.of(disk, other), Map.of(disk, "disk", other, "other"));
        final RecordNames names = new RecordNames(stores);

        final RecordNames.Names first = names.of(wrap(disk + "/shot", "Status.string"));
        assertThat(first.location()).isEqualTo(disk + "/shot");
        assertThat(first.metapath()).isEqualTo("Status.string");
        assertThat(first.entryKey()).isEqualTo(EntryKey.of(disk + "/shot", "Status.string"));
        assertThat(first.store().name()).isEqualTo("disk");
        assertThat(names.of(wrap(disk + "/shot", "Status.string"))).isSameAs(first);

        assertThat(names.of(wrap(other + "/shot", "Status.string")).store().name()).isEqualTo("other");
        assertThat(names.of(wrap(dir + "/elsewhere", "status")).store()).isNull();
        assertThat(names.of(wrap(disk + "/shot", "status")).metapath()).isEqualTo("status");
        final RecordNames.Names split = names.of(wrap(disk + "/sho", "tStatus.string"));
        assertThat(split.location()).isEqualTo(disk + "/sho");
        assertThat(split.metapath()).isEqualTo("tStatus.string");
    }

    @Test
    void namesShouldStayRightPastWhatItRemembers(@TempDir final Path dir)
    {
        final Stores stores = new Stores(List.of(dir), Map.of(dir, "disk"));
        final RecordNames names = new RecordNames(stores);
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < RecordNames.MAX_NAMES * 3; i++)
            {
                final RecordNames.Names entry = names.of(wrap(dir + "/shot" + i % 97, "e" + i));
                assertThat(entry.location()).isEqualTo(dir + "/shot" + i % 97);
                assertThat(entry.metapath()).isEqualTo("e" + i);
            }
        }
    }

    @Test
    void aNameSeenBeforeShouldBeFoundWithoutAllocating(@TempDir final Path dir)
    {
        final Stores stores = new Stores(List.of(dir), Map.of(dir, "disk"));
        final RecordNames names = new RecordNames(stores);
        final int entries = 1000;
        final int[] offsets = new int[entries];
        final int[] lengths = new int[entries];
        int at = 0;
        for (int i = 0; i < entries; i++)
        {
            offsets[i] = at;
            lengths[i] = encoder.encode(buffer, at, Protocol.OP_WRITE, 1, i, (byte)0, (short)0, dir + "/shot" + i % 10,
                "e" + i, Value.of("v".repeat(100)));
            at += lengths[i];
        }
        readAll(names, offsets, lengths, 50);
        final int[] found = new int[1];
        final long allocated = Allocations.bytesAllocatedBy(() -> found[0] = readAll(names, offsets, lengths, 100));
        assertThat(allocated).as("bytes allocated for 100,000 records").isLessThan(1024);
        assertThat(found[0]).isEqualTo(100 * entries);
    }

    private int readAll(final RecordNames names, final int[] offsets, final int[] lengths, final int times)
    {
        int found = 0;
        for (int t = 0; t < times; t++)
        {
            for (int i = 0; i < offsets.length; i++)
            {
                request.wrap(buffer, offsets[i], lengths[i]);
                if (names.of(request).store() != null)
                {
                    found++;
                }
            }
        }
        return found;
    }

    private RequestDecoder wrap(final String location, final String metapath)
    {
        final int length = encoder.encode(buffer, 0, Protocol.OP_WRITE, 1, 1, (byte)0, (short)0, location, metapath,
            Value.of("v"));
        return request.wrap(buffer, 0, length);
    }
}
