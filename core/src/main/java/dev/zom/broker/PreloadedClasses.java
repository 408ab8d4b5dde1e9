package dev.zom.broker;

import dev.zom.journal.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
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
            final Path source = codeSourceOf(anchor);
            if (source != null)
            {
                names.addAll(classNames(source));
            }
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

    /**
     * The jar or folder a class was loaded from, or null when it is not a file of its own (a jar inside a jar, a
     * plugin host's loader): those classes are left to load when first used.
     */
    private static Path codeSourceOf(final Class<?> anchor)
    {
        final CodeSource source = anchor.getProtectionDomain().getCodeSource();
        try
        {
            return source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
        }
        catch (final URISyntaxException | IllegalArgumentException | FileSystemNotFoundException notAFile)
        {
            return null;
        }
    }

    private static List<String> classNames(final Path source)
    {
        try
        {
            if (Files.isDirectory(source))
            {
                if (!Files.isDirectory(source.resolve(OWN_PACKAGE)))
                {
                    return List.of();
                }
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
