/**
 * The command line (picocli): {@code sandwich train | evaluate | predict | reproduce | bench | generate | inspect |
 * rank-eval | bench-chart}, launched by {@code scripts/sandwich}. Each command only parses its options into the
 * api's records, calls {@link io.sandwich.api.Sandwich} and prints the result; the work is below. Errors print as
 * one line ({@code --verbose} adds the stack) and exit non-zero; progress bars appear only on an interactive
 * terminal.
 */
package io.sandwich.cli;
