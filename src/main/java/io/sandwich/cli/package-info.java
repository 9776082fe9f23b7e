/** Command-line interface (picocli). */
package io.sandwich.cli;
