package io.sandwich;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The public surface of an api package, read by reflection: every public or protected method, constructor, field and
 * supertype of its public types, with the types their signatures name (generic arguments and declared exceptions
 * included). An api owns its types when each of them is the JDK's, the package's own, or the project's root
 * exception.
 */
final class ApiSignatures {
    private ApiSignatures() {
    }

    /** Each place in {@code types}' public signatures that names a type outside {@code api}, as a sentence. */
    static List<String> outside(List<Class<?>> types, String api) {
        List<String> found = new ArrayList<>();
        for (Class<?> c : types) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            check(found, c.getName() + " extends", c.getGenericSuperclass(), api);
            for (Type t : c.getGenericInterfaces()) {
                check(found, c.getName() + " implements", t, api);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    String where = c.getName() + "." + m.getName();
                    check(found, where + " returns", m.getGenericReturnType(), api);
                    Arrays.stream(m.getGenericParameterTypes()).forEach(t -> check(found, where + " takes", t, api));
                    Arrays.stream(m.getGenericExceptionTypes()).forEach(t -> check(found, where + " throws", t, api));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers())) {
                    Arrays.stream(k.getGenericParameterTypes()).forEach(t -> check(found, c.getName() + "(...) takes",
                            t, api));
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(found, c.getName() + "." + f.getName() + " is", f.getGenericType(), api);
                }
            }
        }
        return found;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(List<String> found, String where, Type t, String api) {
        check(found, where, t, api, new HashSet<>());
    }

    /** {@code seen}: the type variables already followed, for bounds that name their own variable. */
    private static void check(List<String> found, String where, Type t, String api, Set<TypeVariable<?>> seen) {
        if (t == null) {
            return;
        }
        if (t instanceof ParameterizedType p) {
            check(found, where, p.getRawType(), api, seen);
            Arrays.stream(p.getActualTypeArguments()).forEach(a -> check(found, where, a, api, seen));
        } else if (t instanceof WildcardType w) {
            Arrays.stream(w.getUpperBounds()).forEach(b -> check(found, where, b, api, seen));
            Arrays.stream(w.getLowerBounds()).forEach(b -> check(found, where, b, api, seen));
        } else if (t instanceof GenericArrayType g) {
            check(found, where, g.getGenericComponentType(), api, seen);
        } else if (t instanceof TypeVariable<?> v && seen.add(v)) {
            Arrays.stream(v.getBounds()).forEach(b -> check(found, where, b, api, seen));
        } else if (t instanceof Class<?> c) {
            Class<?> e = c;
            while (e.isArray()) {
                e = e.getComponentType();
            }
            boolean owned = e.isPrimitive() || e.getName().startsWith("java.") || e == SandwichException.class
                    || e.getPackageName().equals(api);
            if (!owned) {
                found.add(where + " " + e.getName());
            }
        }
    }
}
