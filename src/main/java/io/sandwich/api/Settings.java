package io.sandwich.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.LossKind;
import io.sandwich.train.Rates;
import io.sandwich.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A run's hyperparameters: a value for each of {@link Hyperparameters#ALL}, its default unless it was set. Immutable;
 * {@link #builder()} and {@link #toBuilder()} make others. Two settings are equal when every value is.
 *
 * <pre>{@code
 * Settings s = Settings.builder().set(Hyperparameters.LR, 3e-3f).set(Hyperparameters.EPOCHS, 5).build();
 * }</pre>
 */
public final class Settings {
    private static final Settings DEFAULTS = new Settings(Map.of());

    private final Map<Hyperparameter<?>, Object> set;

    private Settings(Map<Hyperparameter<?>, Object> set) {
        this.set = Map.copyOf(set);
    }

    /** Every hyperparameter at its default. */
    public static Settings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(set);
    }

    /** The value of {@code h}: as set, else its default, else the value of the hyperparameter it follows. */
    public <T> T get(Hyperparameter<T> h) {
        Object v = set.get(h);
        if (v != null) {
            @SuppressWarnings("unchecked") // set(h, value) stores only values of h's type
            T t = (T) v;
            return t;
        }
        return h.defaultValue().orElseGet(() -> get(h.follows().orElseThrow()));
    }

    /** Whether {@code h} was set rather than left at its default. */
    public boolean isSet(Hyperparameter<?> h) {
        return set.containsKey(h);
    }

    /** Builds {@link Settings}: each value is checked as it is set. */
    public static final class Builder {
        private final Map<Hyperparameter<?>, Object> set;

        private Builder(Map<Hyperparameter<?>, Object> from) {
            this.set = new LinkedHashMap<>(from);
        }

        /**
         * Sets {@code h} to {@code value}.
         *
         * @throws SandwichException "expected ..., found ..." when the value is out of range
         */
        public <T> Builder set(Hyperparameter<T> h, T value) {
            Objects.requireNonNull(value, h.name());
            try {
                set.put(h, h.check(value));
            } catch (SandwichException e) {
                throw new SandwichException(SandwichException.setting(h.name()) + " " + h.format(value) + ": "
                        + e.marked(), e);
            }
            return this;
        }

        /**
         * Sets {@code h} from the text {@link Hyperparameter#parse} reads.
         *
         * @throws SandwichException "expected ..., found ..." when the text is not a valid value
         */
        public <T> Builder parse(Hyperparameter<T> h, String text) {
            set.put(h, h.parse(text));
            return this;
        }

        /** Leaves {@code h} at its default. */
        public Builder unset(Hyperparameter<?> h) {
            set.remove(h);
            return this;
        }

        /** The settings. */
        public Settings build() {
            return new Settings(set);
        }
    }

    /** The values for a run record, by key ({@code weight_decay}), in {@link Hyperparameters#ALL}'s order. */
    JsonObject toJson() {
        JsonObject j = new JsonObject();
        for (Hyperparameter<?> h : Hyperparameters.ALL) {
            j.add(h.key(), json(h));
        }
        return j;
    }

    private <T> JsonElement json(Hyperparameter<T> h) {
        return h.toJson(get(h));
    }

    /** The settings a run record holds (as {@link #toJson} writes them). */
    static Settings fromJson(JsonObject j) {
        Builder b = builder();
        for (Hyperparameter<?> h : Hyperparameters.ALL) {
            if (!j.has(h.key())) {
                throw new IllegalStateException("no " + h.key());
            }
            read(b, h, j.get(h.key()));
        }
        return b.build();
    }

    private static <T> void read(Builder b, Hyperparameter<T> h, JsonElement e) {
        b.set.put(h, h.fromJson(e));
    }

    /** A stage's settings for the trainers: epochs, batch, seed, loss, Adam with the learning rate, top-k, patience. */
    TrainConfig trainConfig() {
        return new TrainConfig(get(Hyperparameters.EPOCHS), get(Hyperparameters.BATCH), get(Hyperparameters.SEED),
                LossKind.valueOf(get(Hyperparameters.LOSS).name()), adam(Hyperparameters.LR),
                get(Hyperparameters.TOP_K), get(Hyperparameters.PATIENCE));
    }

    /** Algorithm 1's two sides: Adam with a_e and with a_d. */
    Rates rates() {
        return new Rates(adam(Hyperparameters.LR_E), adam(Hyperparameters.LR_D));
    }

    /** Adam, as {@code torch.optim.Adam}, with the learning rate {@code lr} and the weight decay. */
    AdamConfig adam(Hyperparameter<Float> lr) {
        return AdamConfig.of(get(lr), get(Hyperparameters.WEIGHT_DECAY));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && toJson().equals(s.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    /** The values as {@code name=value} pairs. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Hyperparameter<?> h : Hyperparameters.ALL) {
            b.append(b.length() == 0 ? "" : " ").append(h.name()).append('=').append(text(h));
        }
        return b.toString();
    }

    private <T> String text(Hyperparameter<T> h) {
        return h.format(get(h));
    }
}
