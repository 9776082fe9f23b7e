/**
 * A tiny tree that breaks each layering rule once, for {@code LayeringTest}: a command that trains by itself, a
 * trainer that imports picocli, jcuda, the api and the command line, and two packages that import each other.
 */
package io.sandwich.planted;
