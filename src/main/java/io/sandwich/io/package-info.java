/**
 * Files in and out: atomic writes ({@link io.sandwich.io.AtomicFiles}) shared by every command that writes, and,
 * in {@code io.torch}, PyTorch checkpoint files.
 */
package io.sandwich.io;
