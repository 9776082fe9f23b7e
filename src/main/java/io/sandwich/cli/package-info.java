/**
 * The command line (picocli): {@code sandwich train | evaluate | predict | reproduce | rank-eval | inspect},
 * launched by {@code scripts/sandwich}. Errors print as one line ({@code --verbose} adds the stack) and exit
 * non-zero; progress bars appear only on an interactive terminal.
 */
package io.sandwich.cli;
