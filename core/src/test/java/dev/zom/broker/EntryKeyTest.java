package dev.zom.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry's key ignores the case and the suffix of every name, so that writes to one Open Metadata entry meet.
 */
class EntryKeyTest
{
    @Test
    void namesShouldBeLowerCasedAndTheirSuffixesDropped()
    {
        assertThat(EntryKey.namesOnly("Shots.list/First.int")).isEqualTo("shots/first");
        assertThat(EntryKey.namesOnly("a/B/c")).isEqualTo("a/b/c");
        assertThat(EntryKey.namesOnly("frames")).isEqualTo("frames");
        assertThat(EntryKey.namesOnly("Z_9&$:= -.string")).isEqualTo("z_9&$:= -");
        assertThat(EntryKey.of("/show/Shot", "Status.STRING")).isEqualTo("/show/Shot\u0000status");
        assertThat(EntryKey.of("/show/shot", "status")).isEqualTo(EntryKey.of("/show/shot", "STATUS.text"))
            .isNotEqualTo(EntryKey.of("/show/Shot", "status"));
    }
}
