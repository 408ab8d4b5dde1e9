package dev.zom.broker;

import dev.zom.journal.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads every class of zom's own code at launch, before clients connect. The JVM loads a class when it is first
 * used, and the broker's error paths are first used on a bad day: a broker out of file descriptors (more client
 * connections than its limit allows) could not open the class it needed to report a failed file write, the disk
 * writer's thread died of {@link NoClassDefFoundError}, and the JVM remembers such a failure for good. Classes are
 * loaded, not initialised; the libraries' jars stay open in the class loader once used, so theirs need no new
 * descriptor.
 */
final class PreloadedClasses
{
    private static final String OWN_PACKAGE = "dev/zom/";
    private static final String CLASS = ".class";

    private static boolean loaded;

    private PreloadedClasses()
    {
    }

    /**
     * Loads the classes of the broker's jar or class folder and the journal's, once per JVM.
     */
    static synchronized void ensureLoaded()
    {
        if (loaded)
        {
            return;
        }
        final List<String> names = new ArrayList<>();
        for (final Class<?> anchor : List.of(Broker.class, Journal.class))
        {
            names.addAll(classNames(codeSourceOf(anchor)));
        }
        final ClassLoader loader = PreloadedClasses.class.getClassLoader();
        for (final String name : names)
        {
            try
            {
                Class.forName(name, false, loader);
            }
            catch (final ClassNotFoundException ex)
            {
                throw new IllegalStateException("cannot preload class=" + name, ex);
            }
        }
        loaded = true;
    }

    private static Path codeSourceOf(final Class<?> anchor)
    {
        try
        {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("cannot locate the classes of " + anchor, ex);
        }
    }

    private static List<String> classNames(final Path source)
    {
        try
        {
            if (Files.isDirectory(source))
            {
                try (Stream<Path> files = Files.walk(source.resolve(OWN_PACKAGE)))
                {
                    return files.map(file -> source.relativize(file).toString())
                        .filter(PreloadedClasses::isOwnClass).map(PreloadedClasses::className).toList();
                }
            }
            try (JarFile jar = new JarFile(source.toFile()))
            {
                return jar.stream().map(JarEntry::getName).filter(PreloadedClasses::isOwnClass)
                    .map(PreloadedClasses::className).toList();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the classes in " + source, ex);
        }
    }

    private static boolean isOwnClass(final String entry)
    {
        return entry.startsWith(OWN_PACKAGE) && entry.endsWith(CLASS) && !entry.endsWith("module-info" + CLASS) &&
            !entry.endsWith("package-info" + CLASS);
    }

    private static String className(final String entry)
    {
        return entry.substring(0, entry.length() - CLASS.length()).replace('/', '.');
    }
}
