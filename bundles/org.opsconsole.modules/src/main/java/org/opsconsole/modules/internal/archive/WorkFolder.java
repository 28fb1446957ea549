package org.opsconsole.modules.internal.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The work folder of one upload: made empty before reading, emptied again when the upload is refused. */
final class WorkFolder {

    private WorkFolder() {
    }

    /**
     * Makes sure the folder exists and is empty.
     *
     * @return whether it was created here (and should be removed, not only emptied, when the upload is refused)
     * @throws IllegalArgumentException when it exists and is not an empty folder: another upload's files must
     *         never be mixed in or removed
     */
    static boolean prepare(Path folder) throws IOException {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("the work folder " + folder + " is not a folder");
            }
            try (DirectoryStream<Path> content = Files.newDirectoryStream(folder)) {
                if (content.iterator().hasNext()) {
                    throw new IllegalArgumentException("the work folder " + folder + " is not empty");
                }
            }
            return false;
        }
        Files.createDirectories(folder);
        return true;
    }

    /** Removes what is in the folder, and the folder itself when {@code removeFolder}. Links are removed, not followed. */
    static void clear(Path folder, boolean removeFolder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> content = Files.newDirectoryStream(folder)) {
            for (Path path : content) {
                delete(path);
            }
        }
        if (removeFolder) {
            Files.deleteIfExists(folder);
        }
    }

    /** Removes a file, or a folder with everything in it; nothing when it does not exist. */
    static void delete(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            clear(path, true);
        } else {
            try {
                Files.delete(path);
            } catch (NoSuchFileException e) {
                // already gone
            }
        }
    }
}
