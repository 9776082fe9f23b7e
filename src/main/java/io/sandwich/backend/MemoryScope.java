package io.sandwich.backend;

/** A span of allocations on a backend, freed together when the scope closes (see {@link Backend#openScope}). */
public interface MemoryScope extends AutoCloseable {
    /** Frees the scope's allocations; no exception. */
    @Override
    void close();
}
