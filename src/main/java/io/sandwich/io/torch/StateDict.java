package io.sandwich.io.torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An insertion-ordered map from parameter names (such as {@code fc1.0.weight}) to tensors. */
public final class StateDict {
    private final LinkedHashMap<String, TorchTensor> tensors = new LinkedHashMap<>();

    /** An empty state_dict. */
    public StateDict() {
    }

    /** Adds or replaces a tensor; a new name goes last, a replaced one keeps its place. */
    public StateDict put(String name, TorchTensor tensor) {
        tensors.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tensor, "tensor"));
        return this;
    }

    /** The tensor of that name, or null. */
    public TorchTensor get(String name) {
        return tensors.get(name);
    }

    /** Whether a tensor of that name is present. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The tensor of that name, which must have exactly the given shape.
     *
     * @throws CheckpointFormatException naming the tensor and both shapes, or the names present
     */
    public TorchTensor require(String name, int... shape) {
        TorchTensor t = tensors.get(name);
        if (t == null) {
            List<String> names = names();
            String have = names.size() <= 20 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 20)) + ", ... (" + names.size() + " in all)";
            throw new CheckpointFormatException("expected " + name + " of shape " + Arrays.toString(shape)
                    + ", but the checkpoint has no tensor of that name; it has: " + (have.isEmpty() ? "none" : have));
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new CheckpointFormatException("expected " + name + " of shape " + Arrays.toString(shape)
                    + ", found " + t.shapeString());
        }
        return t;
    }

    /** The names, in order. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(tensors.keySet()));
    }

    /** A read-only ordered view of the entries. */
    public Map<String, TorchTensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The number of tensors. */
    public int size() {
        return tensors.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateDict s
                && new ArrayList<>(tensors.entrySet()).equals(new ArrayList<>(s.tensors.entrySet()));
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "StateDict" + tensors.values();
    }
}
