package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.nio.file.Path;

/**
 * Validates location strings: absolute, characters the reference accepts, never inside a {@code .meta} folder.
 */
public final class Locations
{
    /** The folder inside a location that holds its entries. */
    public static final String META = ".meta";

    private Locations()
    {
    }

    /**
     * Parses a location into a normalised absolute path ({@code ..} resolved lexically; symbolic links are
     * resolved by {@link Roots}).
     *
     * @param location an absolute directory path.
     * @return the normalised path.
     * @throws ZomException with {@link ErrorCode#BAD_LOCATION} or {@link ErrorCode#BAD_CHARACTER}.
     */
    public static Path parse(final String location)
    {
        if (location == null || location.isEmpty())
        {
            throw new ZomException(ErrorCode.BAD_LOCATION, "empty location");
        }
        Names.checkCharacters(location, "location");
        if (location.charAt(0) != '/')
        {
            throw new ZomException(ErrorCode.BAD_LOCATION, "location must be an absolute path, location=" + location);
        }
        final Path path = Path.of(location).normalize();
        for (final Path part : path)
        {
            if (part.toString().equalsIgnoreCase(META))
            {
                throw new ZomException(ErrorCode.BAD_LOCATION,
                    "location is inside a .meta folder, location=" + location);
            }
        }
        return path;
    }
}
