package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.TestData;
import io.sandwich.backend.BackendInfo;
import io.sandwich.model.ModelKind;
import io.sandwich.provenance.RunRecord;
import io.sandwich.sweep.Shard;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public {@code with...} method of the records a Java user builds changes what its name says and nothing else:
 * each is called with a value unlike the current one, and the components that changed must be the ones holding the
 * arguments (withers found by reflection, so a new one is checked without being listed here).
 */
class WithersTest {
    static Stream<Object> records() {
        TrainOptions train = TrainOptions.of(ModelKind.APP2L1);
        return Stream.of(train, Hyperparameters.defaults(), SweepOptions.of(train, "lr=1e-3"),
                RunRecord.of(train.settings(), TestData.embeddedDir(), Map.of(), null));
    }

    @ParameterizedTest
    @MethodSource("records")
    void eachWitherChangesOnlyItsOwnComponents(Object record) throws Exception {
        List<Method> withers = Arrays.stream(record.getClass().getMethods())
                .filter(m -> m.getName().startsWith("with") && !Modifier.isStatic(m.getModifiers())).toList();
        assertFalse(withers.isEmpty(), record.getClass() + " has withers");
        for (Method w : withers) {
            Object[] args = new Object[w.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = unlike(record, w.getParameterTypes()[i]);
            }
            Object changed = w.invoke(record, args);
            List<String> differing = new ArrayList<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                Object before = c.getAccessor().invoke(record);
                Object after = c.getAccessor().invoke(changed);
                if (!same(before, after)) {
                    differing.add(c.getName());
                    assertTrue(Arrays.stream(args).anyMatch(a -> same(a, after)), w.getName() + " set "
                            + c.getName() + " to " + after + ", which is none of its arguments");
                }
            }
            assertEquals(args.length, differing.size(), w.getName() + " changed " + differing);
            String named = Character.toLowerCase(w.getName().charAt(4)) + w.getName().substring(5);
            if (Arrays.stream(record.getClass().getRecordComponents()).anyMatch(c -> c.getName().equals(named))) {
                assertTrue(differing.contains(named), w.getName() + " changed " + differing + ", not " + named);
            }
        }
    }

    /** A value of {@code type} that {@code record} does not hold (the defaults use none of these). */
    private static Object unlike(Object record, Class<?> type) throws ReflectiveOperationException {
        if (type == int.class || type == Integer.class) {
            return 77;
        }
        if (type == long.class) {
            return 77L;
        }
        if (type == float.class || type == Float.class) {
            return 0.77f;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == float[].class) {
            return new float[] {0.7f, 0.6f, 0.5f};
        }
        if (type == Path.class) {
            return Path.of("elsewhere");
        }
        if (type.isEnum()) {
            List<Object> held = new ArrayList<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                held.add(c.getAccessor().invoke(record));
            }
            return Arrays.stream(type.getEnumConstants()).filter(k -> !held.contains(k)).findFirst().orElseThrow();
        }
        if (type == Hyperparameters.class) {
            return Hyperparameters.defaults().withBatch(77);
        }
        if (type == Compute.class) {
            return Compute.cpu(77);
        }
        if (type == Shard.class) {
            return Shard.parse("2/3");
        }
        if (type == BackendInfo.class) {
            return new BackendInfo("cpu", "77 threads", Map.of());
        }
        if (type == io.sandwich.provenance.RunSettings.class) {
            return TrainOptions.of(ModelKind.BASELINE).settings();
        }
        throw new AssertionError("no value for " + type + ": add one here");
    }

    private static boolean same(Object a, Object b) {
        return a instanceof float[] x && b instanceof float[] y ? Arrays.equals(x, y) : Objects.equals(a, b);
    }
}
