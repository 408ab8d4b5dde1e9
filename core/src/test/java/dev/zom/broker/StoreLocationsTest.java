package dev.zom.broker;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store holds the locations whose longest root is its own, as the query router routes them, also where a root of
 * one store lies inside a root of another.
 */
class StoreLocationsTest
{
    private static final Path SHOW = Path.of("/show");
    private static final Path CACHE = Path.of("/show/cache");
    private static final Path FARM = Path.of("/farm");
    private static final List<Path> ROOTS = List.of(SHOW, CACHE, FARM);
    private static final Stores STORES = new Stores(ROOTS, Map.of(SHOW, "disk", CACHE, "ssd", FARM, "disk"));

    @Test
    void aStoreShouldHoldTheLocationsOfItsRootsButNotThoseOfAnotherStoresRootInside()
    {
        final StoreLocations disk = new StoreLocations(ROOTS, STORES, STORES.storeOf("/show"));
        final StoreLocations ssd = new StoreLocations(ROOTS, STORES, STORES.storeOf("/show/cache"));
        assertThat(holds(disk, "/show/seq010/shot1")).isTrue();
        assertThat(holds(disk, "/farm/sim1")).as("its second root").isTrue();
        assertThat(holds(disk, "/show/cache/sim1")).as("under another store's root inside its own").isFalse();
        assertThat(holds(ssd, "/show/cache/sim1")).isTrue();
        assertThat(holds(ssd, "/show/cacheless")).as("a sibling whose name starts like the root").isFalse();
        assertThat(holds(disk, "/elsewhere/shot1")).as("outside every root").isFalse();
        assertThat(holds(new StoreLocations(ROOTS, STORES, null), "/show/seq010/shot1")).as("no store").isFalse();
    }

    private static boolean holds(final StoreLocations store, final String location)
    {
        final byte[] bytes = ("xx" + location).getBytes(StandardCharsets.UTF_8);
        return store.holds(new UnsafeBuffer(bytes), 2, bytes.length - 2);
    }
}
