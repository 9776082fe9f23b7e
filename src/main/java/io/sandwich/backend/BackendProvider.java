package io.sandwich.backend;

import java.util.Optional;

/**
 * A backend implementation that {@link Backends} finds at run time with {@link java.util.ServiceLoader}, as DJL finds
 * its engines: each is named in {@code META-INF/services/io.sandwich.backend.BackendProvider}, so that this package
 * names none of them. A provider must be cheap to construct; the work (loading native libraries, probing a device)
 * happens in {@link #unavailableReason()} and {@link #open}.
 */
public interface BackendProvider {
    /** A short name for messages: {@code cpu}, {@code cuda}. */
    String name();

    /** The preference of {@code auto}: the available provider of highest rank is chosen. */
    int rank();

    /** The kind of device this provider computes on. */
    Device.Kind kind();

    /** Why this provider cannot open a backend here, in one sentence, or empty when it can. */
    Optional<String> unavailableReason();

    /** How many devices of {@link #kind()} there are, when {@link #unavailableReason()} is empty (the CPU: 1). */
    default int devices() {
        return 1;
    }

    /** Opens a backend on {@code device} (of {@link #kind()}) with the given settings. */
    Backend open(Device device, Backends.Options options);
}
