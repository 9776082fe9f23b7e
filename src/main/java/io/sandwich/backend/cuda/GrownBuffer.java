package io.sandwich.backend.cuda;

import java.util.function.Consumer;
import jcuda.driver.CUdeviceptr;

/**
 * A device buffer that only grows: allocated again (the old one kept until its scope frees it) when a call needs
 * more, which {@code live} refuses, with a sentence, while a step is being captured (a step runs eagerly before it
 * is captured, so its buffers have grown by then).
 */
final class GrownBuffer {
    private final DeviceMemory memory;
    private final Consumer<String> live;
    private final String name;
    private CUdeviceptr ptr;
    private long bytes;
    private int mark = -1;

    /** A buffer named {@code name} in {@code live}'s refusals, allocated from {@code memory}. */
    GrownBuffer(DeviceMemory memory, Consumer<String> live, String name) {
        this.memory = memory;
        this.live = live;
        this.name = name;
    }

    /** The buffer, at least {@code size} bytes, for {@code what}. */
    CUdeviceptr atLeast(long size, String what) {
        if (ptr == null || size > bytes) {
            live.accept("growing " + name + " of " + what + " from " + bytes + " to " + size + " bytes");
            mark = memory.mark();
            ptr = memory.allocate(size, 1, name);
            bytes = size;
        }
        return ptr;
    }

    /** Forgets the buffer when a scope opened at {@code scopeMark} is about to free it. */
    void forgetAbove(int scopeMark) {
        if (ptr != null && mark >= scopeMark) {
            ptr = null;
            bytes = 0;
            mark = -1;
        }
    }
}
