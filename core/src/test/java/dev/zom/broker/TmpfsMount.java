package dev.zom.broker;

import java.nio.file.Path;

/**
 * Mounts a small tmpfs for tests that need a second file store, when the machine allows it (root, no container
 * restrictions).
 */
final class TmpfsMount
{
    private TmpfsMount()
    {
    }

    static boolean tryMount(final Path where, final String size)
    {
        return Commands.run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", where.toString());
    }

    static void unmount(final Path where)
    {
        Commands.run("umount", "-l", where.toString());
    }
}
