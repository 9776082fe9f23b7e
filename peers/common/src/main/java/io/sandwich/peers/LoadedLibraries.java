package io.sandwich.peers;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Native libraries this process has already loaded (from /proc/self/maps), to ask them what they are: the BLAS
 * version and core of each peer.
 */
public final class LoadedLibraries {
    /** dlopen's RTLD_LAZY | RTLD_NOLOAD, without RTLD_GLOBAL. */
    private static final int LAZY_NOLOAD = 0x1 | 0x4;

    private LoadedLibraries() {
    }

    /** The path of the first mapped library whose file name starts with {@code prefix}. */
    public static Optional<String> path(String prefix) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int at = line.indexOf('/');
                if (at >= 0) {
                    String path = line.substring(at);
                    if (path.substring(path.lastIndexOf('/') + 1).startsWith(prefix)) {
                        return Optional.of(path);
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * That library, reopened with RTLD_LAZY | RTLD_NOLOAD and without RTLD_GLOBAL (JNA's default): making an
     * already-loaded library global lets its symbols interpose on libraries resolved later (DL4J loads two OpenBLAS
     * copies, which then mix up their buffers and crash).
     */
    public static Optional<NativeLibrary> open(String prefix) {
        return path(prefix).map(p -> NativeLibrary.getInstance(p, Map.of(Library.OPTION_OPEN_FLAGS, LAZY_NOLOAD)));
    }
}
