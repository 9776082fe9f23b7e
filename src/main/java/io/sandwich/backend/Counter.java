package io.sandwich.backend;

/**
 * A 64-bit integer kept by the backend (in device memory on a GPU) that operations read when they run, not when
 * they are issued: the step of an epoch, a network's dropout position, an optimiser's step count. This is what
 * lets a captured step ({@link Backend#capture}) be replayed unchanged while these values move on.
 */
public interface Counter {
}
