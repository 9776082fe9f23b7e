package io.sandwich.backend.cpu;

import io.sandwich.backend.Counter;

/** A counter on the CPU: a plain field, read by the operations that use it when they run. */
final class CpuCounter implements Counter {
    long value;
}
