package io.sandwich.backend;

import io.sandwich.SandwichException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Opens the backend for a request: {@code cpu}, {@code gpuN} (an error with the reason when the GPU cannot be used),
 * or {@code auto} (the GPU when a device and the CUDA libraries load, else the CPU, saying which and why). The
 * backends are the {@link BackendProvider}s found on the class path by {@link ServiceLoader}; this class names none.
 */
public final class Backends {
    private static final String AUTO = "auto";

    private Backends() {
    }

    /**
     * Settings of the backends.
     *
     * @param threads CPU threads (0 or less: all cores)
     * @param tf32 let cuBLAS use TF32 tensor cores
     * @param bf16 on the CPU, multiply in bf16 with fp32 accumulation (refused where the CPU has no bf16 products)
     * @param spmm feed sparse inputs to cuSPARSE SpMM instead of a dense GEMM on the GPU
     * @param graphs capture each training step once and replay it per batch (a CUDA graph on the GPU); false runs
     *     every step's operations one by one
     */
    public record Options(int threads, boolean tf32, boolean bf16, boolean spmm, boolean graphs) {
        /** CPU threads only. */
        public static Options cpu(int threads) {
            return new Options(threads, false, false, false, true);
        }
    }

    /** The providers on the class path, highest rank first (ties by name). */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparingInt(BackendProvider::rank).reversed().thenComparing(BackendProvider::name));
        return found;
    }

    /** How many GPUs the first usable GPU provider sees (0 where none is usable). */
    public static int gpuCount() {
        return providers().stream().filter(p -> p.kind() == Device.Kind.GPU && reason(p).isEmpty()).findFirst()
                .map(BackendProvider::devices).orElse(0);
    }

    /** Why the GPU cannot be used here, or empty when it can. */
    public static Optional<String> gpuUnavailableReason() {
        return unavailableReason(Device.Kind.GPU, providers());
    }

    /**
     * Opens a backend for {@code request}, {@code auto} or a device name ({@link Device#parse}); {@code notice} hears
     * which device {@code auto} chose and why.
     */
    public static Backend open(String request, Options o, Consumer<String> notice) {
        if (request.trim().toLowerCase(Locale.ROOT).equals(AUTO)) {
            return openAuto(o, notice);
        }
        Device device = Device.parse(request).orElseThrow(() -> new SandwichException(
                "expected a device among cpu, gpu, gpuN, auto, found \"" + request + "\""));
        return open(device, o, notice);
    }

    /** Opens a backend on {@code device}, or says why it cannot be used; {@code notice} hears the backend's notices. */
    public static Backend open(Device device, Options o, Consumer<String> notice) {
        List<BackendProvider> all = providers();
        for (BackendProvider p : all) {
            if (p.kind() == device.kind() && reason(p).isEmpty()) {
                Backend b = p.open(device, o);
                b.notices().forEach(notice);
                return b;
            }
        }
        throw new BackendException("device " + device + " requested, but "
                + unavailableReason(device.kind(), all).orElseThrow() + "; use " + SandwichException.setting("device")
                + " cpu (or auto)");
    }

    /**
     * The available provider of highest rank, on its device 0; the notice gives its description, or, when a provider
     * ranked above it was passed over, why.
     */
    private static Backend openAuto(Options o, Consumer<String> notice) {
        List<String> passedOver = new ArrayList<>();
        for (BackendProvider p : providers()) {
            Optional<String> why = reason(p);
            if (why.isPresent()) {
                passedOver.add(why.get());
                continue;
            }
            Backend b = p.open(new Device(p.kind(), 0), o);
            String because = passedOver.isEmpty() ? b.info().detail() : String.join("; ", passedOver);
            notice.accept("device " + AUTO + ": using " + b.device() + " (" + because + ")");
            b.notices().forEach(notice);
            return b;
        }
        throw new BackendException("device " + AUTO + ": no backend can run here ("
                + (passedOver.isEmpty() ? "none is on the class path" : String.join("; ", passedOver)) + ")");
    }

    /** Empty when a provider of {@code kind} is available, else why none is (the best-ranked one's reason). */
    private static Optional<String> unavailableReason(Device.Kind kind, List<BackendProvider> all) {
        Optional<String> first = Optional.empty();
        for (BackendProvider p : all) {
            if (p.kind() == kind) {
                Optional<String> why = reason(p);
                if (why.isEmpty()) {
                    return why;
                }
                first = first.or(() -> why);
            }
        }
        return first.isPresent() ? first
                : Optional.of("no " + kind.name() + " backend is on the class path");
    }

    /** A provider's reason, a provider that fails to answer counting as unavailable. */
    private static Optional<String> reason(BackendProvider p) {
        try {
            return p.unavailableReason();
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("the " + p.name() + " backend did not load (" + e + ")");
        }
    }
}
