/**
 * Reproduction of the report's Table 1: every row trained over several seeds under a protocol, the
 * majority-class row every model must beat, and the figures and files the {@code reproduce} command writes.
 */
package io.sandwich.reproduce;
