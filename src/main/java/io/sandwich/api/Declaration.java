package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.data.Declared;
import java.util.OptionalInt;

/**
 * What the user declares about a dataset's files where the files alone do not settle it: the App width and the
 * targets' class counts (the width of sparse rows, the number of classes of class ids, which may exceed the largest
 * id seen), and the index of the first column of sparse {@code index:value} rows. A manifest may declare the same;
 * where both do, they must agree. Build one with {@link #builder()}.
 *
 * @param appWidth values per App row
 * @param l1Classes L1 columns (classes)
 * @param l2Classes L2 columns (classes)
 * @param indexBase 0 or 1
 */
public record Declaration(OptionalInt appWidth, OptionalInt l1Classes, OptionalInt l2Classes,
        OptionalInt indexBase) {
    /** Nothing declared. */
    public static final Declaration NONE = new Declaration(OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty(), OptionalInt.empty());

    /**
     * Checks the values.
     *
     * @throws SandwichException naming the value out of range
     */
    public Declaration {
        atLeast("appWidth", appWidth, 1);
        atLeast("l1Classes", l1Classes, 2);
        atLeast("l2Classes", l2Classes, 2);
        declared(appWidth, l1Classes, l2Classes, indexBase);
    }

    private static void atLeast(String name, OptionalInt v, int min) {
        if (v.isPresent() && v.getAsInt() < min) {
            throw new SandwichException("expected " + SandwichException.setting(name) + " to be at least " + min
                    + ", found " + v.getAsInt());
        }
    }

    /** A builder with nothing declared. */
    public static Builder builder() {
        return new Builder();
    }

    /** The same, in the data layer's terms. */
    Declared declared() {
        return declared(appWidth, l1Classes, l2Classes, indexBase);
    }

    private static Declared declared(OptionalInt appWidth, OptionalInt l1Classes, OptionalInt l2Classes,
            OptionalInt indexBase) {
        return new Declared(appWidth.orElse(0), l1Classes.orElse(0), l2Classes.orElse(0), indexBase.orElse(-1));
    }

    /** Builds a {@link Declaration}. */
    public static final class Builder {
        private OptionalInt appWidth = OptionalInt.empty();
        private OptionalInt l1Classes = OptionalInt.empty();
        private OptionalInt l2Classes = OptionalInt.empty();
        private OptionalInt indexBase = OptionalInt.empty();

        private Builder() {
        }

        /** Values per App row (at least 1). */
        public Builder appWidth(int n) {
            appWidth = OptionalInt.of(n);
            return this;
        }

        /** L1 columns: the class count of class ids, the width of sparse rows (at least 2). */
        public Builder l1Classes(int n) {
            l1Classes = OptionalInt.of(n);
            return this;
        }

        /** L2 columns, likewise. */
        public Builder l2Classes(int n) {
            l2Classes = OptionalInt.of(n);
            return this;
        }

        /** The index of the first column in sparse {@code index:value} rows: 0 or 1. */
        public Builder indexBase(int base) {
            indexBase = OptionalInt.of(base);
            return this;
        }

        /**
         * The declaration.
         *
         * @throws SandwichException naming a value out of range
         */
        public Declaration build() {
            return new Declaration(appWidth, l1Classes, l2Classes, indexBase);
        }
    }
}
