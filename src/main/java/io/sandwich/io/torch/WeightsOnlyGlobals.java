package io.sandwich.io.torch;

import java.util.Set;

/**
 * The Python globals a weights-only checkpoint may name, as {@code torch.load(weights_only=True)} allows them:
 * {@code collections.OrderedDict}, the torch storage and dtype names, {@code torch.Size}, {@code torch.Tensor},
 * {@code torch.nn.Parameter} and the {@code torch._utils._rebuild_*} functions. Anything else is refused.
 */
final class WeightsOnlyGlobals {
    private static final Set<String> DTYPES = Set.of("complex32", "complex64", "complex128", "float16", "float32",
            "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool");
    private static final Set<String> REBUILDS = Set.of("_rebuild_parameter", "_rebuild_tensor",
            "_rebuild_tensor_v2", "_rebuild_sparse_tensor", "_rebuild_meta_tensor_no_storage",
            "_rebuild_sparse_csr_tensor");
    private static final Set<String> STORAGES = Set.of("FloatStorage", "DoubleStorage", "HalfStorage",
            "BFloat16Storage", "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage",
            "BoolStorage", "ComplexFloatStorage", "ComplexDoubleStorage", "QInt8Storage", "QUInt8Storage",
            "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage");

    private WeightsOnlyGlobals() {
    }

    /** Whether {@code module.name} may appear in a weights-only checkpoint. */
    static boolean allowed(String module, String name) {
        switch (module) {
            case "collections": return name.equals("OrderedDict");
            case "torch._utils": return REBUILDS.contains(name);
            case "torch.nn.parameter": return name.equals("Parameter");
            case "torch.serialization": return name.equals("_get_layout");
            case "torch.storage": return name.equals("UntypedStorage") || name.equals("TypedStorage");
            case "torch.cuda": return STORAGES.contains(name) || STORAGES.contains(name.replace("Tensor", "Storage"));
            case "torch":
                return name.equals("Size") || name.equals("Tensor") || DTYPES.contains(name)
                        || STORAGES.contains(name) || name.equals("UntypedStorage") || name.equals("TypedStorage")
                        || STORAGES.contains(name.replace("Tensor", "Storage"));
            default: return false;
        }
    }
}
