/**
 * Reading and writing PyTorch {@code torch.save} state_dict files without Python.
 *
 * <p>{@link io.sandwich.io.torch.TorchCheckpointReader} reads both on-disk formats PyTorch has used: the
 * {@linkplain io.sandwich.io.torch.Format#LEGACY legacy} stream (PyTorch 0.3 up to 1.5, and later versions with
 * {@code _use_new_zipfile_serialization=False}) and the {@linkplain io.sandwich.io.torch.Format#ZIP zip} archive
 * written since PyTorch 1.6. Either way the result is a {@link io.sandwich.io.torch.StateDict}: tensor names in the
 * order the file lists them, each mapped to a {@link io.sandwich.io.torch.TorchTensor} whose values are converted
 * to float32 (float64, float16, bfloat16 and the integer types are widened or narrowed on load; the original
 * dtype name is kept). Views are honoured: storage offsets, strides and several tensors sharing one storage.
 *
 * <p>A checkpoint is untrusted input. The pickles inside are decoded by a restricted unpickler that accepts only
 * what {@code torch.load(weights_only=True)} accepts: {@code collections.OrderedDict}, torch storage classes, the
 * {@code torch._utils._rebuild_*} functions and a few other torch names. Any other global, such as
 * {@code os.system}, is refused before anything is constructed, and no size claimed by the file is allocated
 * before it is checked against the bytes actually there. Views are copied out on load, so views that repeat data
 * (stride 0, overlap) may together hold at most 8 times the values stored plus 2^24. A truncated, corrupted or
 * hostile file fails with a {@link io.sandwich.io.torch.CheckpointFormatException} naming the file; Jazzer fuzz
 * tests check this (see the README, "Fuzzing").
 *
 * <p>{@link io.sandwich.io.torch.TorchCheckpointWriter} writes a state_dict in either format so that
 * {@code torch.load(f, weights_only=True)} and {@code Module.load_state_dict} accept it, replacing the target
 * file atomically. {@link io.sandwich.io.torch.TorchCheckpoints#inspect} describes a file for people.
 */
package io.sandwich.io.torch;
