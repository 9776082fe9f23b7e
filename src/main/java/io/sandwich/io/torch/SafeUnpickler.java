package io.sandwich.io.torch;

import io.sandwich.io.torch.Pickled.Global;
import io.sandwich.io.torch.Pickled.PyOrderedDict;
import io.sandwich.io.torch.Pickled.StorageRef;
import io.sandwich.io.torch.Pickled.TensorRef;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * razorvine's unpickler restricted to what {@code torch.load(weights_only=True)} accepts. Globals become inert
 * {@link Global} values and are checked against the allow-list as they are read; REDUCE, BUILD and NEWOBJ only
 * act on the few allowed callables, and never call anything; dicts keep insertion order; length-prefixed data is
 * checked against the bytes left before it is allocated. One instance decodes one pickle.
 */
final class SafeUnpickler extends Unpickler {
    private static final Set<String> SAFE_OPCODES = opcodes(
            "\u0080.N\u0088\u0089IJKML\u008aFGSVU\u008cC)t\u0085\u0086\u0087]lae(012ghjpqr\u0094\u0095\u008f");
    private final String file;
    private final BoundedInput in;
    private final boolean legacy;
    private final Map<String, StorageRef> storages;

    /**
     * @param storages the storages seen so far, by key; persistent ids add to it and must agree with it
     */
    SafeUnpickler(String file, BoundedInput in, boolean legacy, Map<String, StorageRef> storages) {
        this.file = file;
        this.in = in;
        this.legacy = legacy;
        this.storages = storages;
    }

    /** Decodes one pickle from the stream, leaving the stream just after its STOP. */
    Object loadOne(String what) {
        try {
            return load(in);
        } catch (CheckpointFormatException e) {
            throw new CheckpointFormatException(file + ": " + what + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) { // razorvine's PickleException is a RuntimeException
            throw new CheckpointFormatException(file + ": " + what + " is corrupt or truncated ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.clear();
        }
        memo.clear(); // the stream is not ours to close
    }

    private static Set<String> opcodes(String chars) {
        Set<String> s = new HashSet<>();
        for (char c : chars.toCharArray()) {
            s.add(String.valueOf(c));
        }
        return s;
    }

    private void pushGlobal(String module, String name) {
        if (!WeightsOnlyGlobals.allowed(module, name)) {
            throw new CheckpointFormatException("refusing to load: the pickle names the global "
                    + printable(module + "." + name) + ", which a weights-only checkpoint may not use");
        }
        stack.add(new Global(module, name));
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case 'c': { // GLOBAL
                String module = PickleUtils.readline(in);
                String name = PickleUtils.readline(in);
                pushGlobal(module, name);
                return NO_RETURN_VALUE;
            }
            case 0x93: { // STACK_GLOBAL
                Object name = pop(key);
                Object module = pop(key);
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new CheckpointFormatException("STACK_GLOBAL needs two strings");
                }
                pushGlobal(m, n);
                return NO_RETURN_VALUE;
            }
            case 'R': { // REDUCE
                Object args = pop(key);
                Object func = pop(key);
                stack.add(reduce(func, args));
                return NO_RETURN_VALUE;
            }
            case 0x81: { // NEWOBJ: only torch.nn.Parameter(tensor[, requires_grad])
                Object args = pop(key);
                Object cls = pop(key);
                if (cls instanceof Global g && g.fullName().equals("torch.nn.parameter.Parameter")
                        && args instanceof Object[] a && a.length >= 1 && a[0] instanceof TensorRef) {
                    stack.add(a[0]);
                    return NO_RETURN_VALUE;
                }
                throw new CheckpointFormatException("NEWOBJ may only build a Parameter, not "
                        + Pickled.typeName(cls));
            }
            case 'b': { // BUILD
                Object state = pop(key);
                Object inst = peek(key);
                if (inst instanceof PyOrderedDict d && (state instanceof Map || state == null)) {
                    d.hasMetadata |= state != null && ((Map<?, ?>) state).containsKey("_metadata");
                } else if (!(inst instanceof TensorRef)) { // a Parameter's extra attributes are ignored
                    throw new CheckpointFormatException("BUILD may only set attributes of an OrderedDict, not of "
                            + Pickled.typeName(inst));
                }
                return NO_RETURN_VALUE;
            }
            case '}': // EMPTY_DICT
                stack.add(new LinkedHashMap<>());
                return NO_RETURN_VALUE;
            case 'd': { // DICT
                List<Object> items = popToMark(key);
                Map<Object, Object> map = new LinkedHashMap<>();
                putAll(map, items);
                stack.add(map);
                return NO_RETURN_VALUE;
            }
            case 's': { // SETITEM
                Object value = pop(key);
                Object k = pop(key);
                targetDict(key).put(hashable(k), value);
                return NO_RETURN_VALUE;
            }
            case 'u': // SETITEMS
                List<Object> items = popToMark(key);
                putAll(targetDict(key), items);
                return NO_RETURN_VALUE;
            case 'a': { // APPEND
                Object value = pop(key);
                targetList(key).add(value);
                return NO_RETURN_VALUE;
            }
            case 'e': { // APPENDS
                List<Object> values = popToMark(key);
                targetList(key).addAll(values);
                return NO_RETURN_VALUE;
            }
            case 'T': // BINSTRING
                stack.add(PickleUtils.rawStringFromBytes(in.readExactly(readLength(4), "a string")));
                return NO_RETURN_VALUE;
            case 'X': // BINUNICODE
                stack.add(new String(in.readExactly(readLength(4), "a string"), StandardCharsets.UTF_8));
                return NO_RETURN_VALUE;
            case 0x8d: // BINUNICODE8
                stack.add(new String(in.readExactly(readLength(8), "a string"), StandardCharsets.UTF_8));
                return NO_RETURN_VALUE;
            case 'B': // BINBYTES
                stack.add(in.readExactly(readLength(4), "a bytes object"));
                return NO_RETURN_VALUE;
            case 0x8e: // BINBYTES8
                stack.add(in.readExactly(readLength(8), "a bytes object"));
                return NO_RETURN_VALUE;
            case 0x8b: // LONG4
                stack.add(PickleUtils.decode_long(in.readExactly(readLength(4), "an integer")));
                return NO_RETURN_VALUE;
            // razorvine reads the one-byte lengths below with readbyte, whose -1 at the end of the file it then
            // tries to allocate
            case 'U': // SHORT_BINSTRING
                stack.add(PickleUtils.rawStringFromBytes(in.readExactly(readLength(1), "a string")));
                return NO_RETURN_VALUE;
            case 0x8c: // SHORT_BINUNICODE
                stack.add(new String(in.readExactly(readLength(1), "a string"), StandardCharsets.UTF_8));
                return NO_RETURN_VALUE;
            case 'C': // SHORT_BINBYTES
                stack.add(in.readExactly(readLength(1), "a bytes object"));
                return NO_RETURN_VALUE;
            case 0x8a: // LONG1
                stack.add(PickleUtils.decode_long(in.readExactly(readLength(1), "an integer")));
                return NO_RETURN_VALUE;
            case 'S': // STRING, protocol 0: razorvine's decoding throws raw runtime exceptions on bad escapes
                stack.add(PickleText.escapedString(PickleUtils.readline(in)));
                return NO_RETURN_VALUE;
            case 'V': // UNICODE, protocol 0: likewise
                stack.add(PickleText.rawUnicodeEscape(PickleUtils.readline(in)));
                return NO_RETURN_VALUE;
            case 'Q': // BINPERSID
                stack.add(persistentLoad(pop(key)));
                return NO_RETURN_VALUE;
            case 'L': // LONG, in decimal: parsing is quadratic in the digits, so refuse what Python's int() does
                String digits = PickleUtils.readline(in);
                digits = digits.endsWith("L") ? digits.substring(0, digits.length() - 1) : digits;
                if (digits.length() > 4301) {
                    throw new CheckpointFormatException("a LONG has " + digits.length() + " characters; at most "
                            + "4300 digits are allowed");
                }
                try {
                    stack.add(PickleUtils.optimizeBigint(new BigInteger(digits)));
                } catch (NumberFormatException e) {
                    throw new CheckpointFormatException("a LONG holds a malformed number");
                }
                return NO_RETURN_VALUE;
            default:
                if (key >= 0 && SAFE_OPCODES.contains(String.valueOf((char) key))) {
                    return delegate(key);
                }
                throw new CheckpointFormatException(key < 0 ? "the pickle ends before its STOP"
                        : String.format("unsupported pickle opcode 0x%02x", key));
        }
    }

    /** A little-endian unsigned 1- or 4-byte or signed 8-byte length (a negative one is refused by readExactly). */
    private long readLength(int width) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(in.readExactly(width, "a length")).order(ByteOrder.LITTLE_ENDIAN);
        return width == 8 ? b.getLong(0) : width == 4 ? b.getInt(0) & 0xffffffffL : b.get(0) & 0xffL;
    }

    /**
     * razorvine's own opcodes report a pickle that pops from an empty stack, lacks a MARK or holds a malformed
     * number with a raw runtime exception; this turns those into a sentence about the pickle.
     */
    private Object delegate(short key) throws IOException {
        try {
            return super.dispatch(key);
        } catch (IndexOutOfBoundsException e) {
            throw new CheckpointFormatException(String.format("pickle opcode 0x%02x needs more values, or a MARK, "
                    + "on the stack than there are", key));
        } catch (NumberFormatException e) {
            throw new CheckpointFormatException(String.format("pickle opcode 0x%02x holds a malformed number", key));
        }
    }

    private Object pop(short key) {
        peek(key);
        return stack.pop();
    }

    private Object peek(short key) {
        if (stack.size() == 0) {
            throw new CheckpointFormatException(String.format("pickle opcode 0x%02x pops from an empty stack", key));
        }
        return stack.peek();
    }

    private List<Object> popToMark(short key) {
        try {
            return stack.pop_all_since_marker();
        } catch (IndexOutOfBoundsException e) { // emptied the stack without meeting a MARK
            throw new CheckpointFormatException(String.format("pickle opcode 0x%02x finds no MARK on the stack",
                    key));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> targetList(short key) {
        Object top = peek(key);
        if (!(top instanceof List)) {
            throw new CheckpointFormatException("APPEND on a " + Pickled.typeName(top) + ", not a list");
        }
        return (List<Object>) top;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> targetDict(short key) {
        Object top = peek(key);
        if (!(top instanceof Map)) {
            throw new CheckpointFormatException("SETITEM on a " + Pickled.typeName(top) + ", not a dict");
        }
        return (Map<Object, Object>) top;
    }

    private static void putAll(Map<Object, Object> map, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new CheckpointFormatException("a dict has an odd number of keys and values");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object v = items.get(i + 1);
            map.put(hashable(items.get(i)), v);
        }
    }

    /** Keys must be plain values: hashing a (possibly self-containing) list would never end. */
    private static Object hashable(Object k) {
        if (k == null || k instanceof String || k instanceof Number || k instanceof Boolean) {
            return k;
        }
        throw new CheckpointFormatException("a dict key is a " + Pickled.typeName(k));
    }

    private Object reduce(Object func, Object args) {
        if (!(func instanceof Global g)) {
            throw new CheckpointFormatException("REDUCE calls a " + Pickled.typeName(func) + ", not a function");
        }
        if (!(args instanceof Object[] a)) {
            throw new CheckpointFormatException("REDUCE of " + g.fullName() + " has no argument tuple");
        }
        switch (g.fullName()) {
            case "collections.OrderedDict": {
                PyOrderedDict d = new PyOrderedDict();
                if (a.length == 1 && a[0] instanceof List<?> pairs) { // Python 2: OrderedDict([[k, v], ...])
                    for (Object p : pairs) {
                        Object[] kv = p instanceof List<?> l ? l.toArray() : p instanceof Object[] t ? t : null;
                        if (kv == null || kv.length != 2) {
                            throw new CheckpointFormatException("OrderedDict item is not a pair");
                        }
                        d.put(hashable(kv[0]), kv[1]);
                    }
                } else if (a.length != 0) {
                    throw new CheckpointFormatException("OrderedDict called with unexpected arguments");
                }
                return d;
            }
            case "torch._utils._rebuild_tensor":
                if (a.length != 4) {
                    throw new CheckpointFormatException("_rebuild_tensor takes 4 arguments, got " + a.length);
                }
                return Pickled.tensor(a);
            case "torch._utils._rebuild_tensor_v2":
                if (a.length != 6 && a.length != 7) {
                    throw new CheckpointFormatException("_rebuild_tensor_v2 takes 6 or 7 arguments, got " + a.length);
                }
                return Pickled.tensor(a);
            case "torch._utils._rebuild_parameter":
                if (a.length != 3 || !(a[0] instanceof TensorRef)) {
                    throw new CheckpointFormatException("_rebuild_parameter needs a tensor and 2 more arguments");
                }
                return a[0];
            case "torch.Size":
                if (a.length != 1 || !(a[0] instanceof Object[])) {
                    throw new CheckpointFormatException("torch.Size needs one tuple");
                }
                return a[0];
            default:
                throw new CheckpointFormatException("the checkpoint calls " + g.fullName()
                        + ", which this reader does not support (only dense tensors are)");
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length == 0 || !"storage".equals(t[0])) {
            throw new CheckpointFormatException("unexpected persistent id (a " + Pickled.typeName(pid)
                    + "); only ('storage', ...) ids are allowed");
        }
        int expected = legacy ? 6 : 5;
        if (t.length != expected) {
            throw new CheckpointFormatException("a storage id has " + t.length + " fields, expected " + expected);
        }
        if (!(t[1] instanceof Global g) || !(t[2] instanceof String key) || !(t[3] instanceof String)) {
            throw new CheckpointFormatException("malformed storage id");
        }
        Dtype dtype = g.module().startsWith("torch") ? Dtype.byStorageClass(g.name()) : null;
        if (dtype == null) {
            throw new CheckpointFormatException("storage type " + g.fullName() + " is not supported");
        }
        long numel = Pickled.nonNegative(t[4], "storage size");
        StorageRef root = storages.get(key);
        if (root == null) {
            root = new StorageRef(key, dtype, g.name(), numel, 0);
            storages.put(key, root);
        } else if (root.dtype() != dtype || root.numel() != numel) {
            throw new CheckpointFormatException("storage " + printable(key) + " is described two different ways");
        }
        if (!legacy || t[5] == null) {
            return root;
        }
        // legacy storage view: (view_key, offset, view_size) into the root storage
        if (!(t[5] instanceof Object[] v) || v.length != 3) {
            throw new CheckpointFormatException("malformed storage view");
        }
        long off = Pickled.nonNegative(v[1], "view offset");
        long n = Pickled.nonNegative(v[2], "view size");
        if (off > numel || n > numel - off) {
            throw new CheckpointFormatException("a storage view lies outside storage " + printable(key));
        }
        return new StorageRef(key, dtype, g.name(), n, off);
    }
}
