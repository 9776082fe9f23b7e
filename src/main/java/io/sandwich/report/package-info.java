/**
 * What runs leave behind for people: per-epoch logs (JSON lines), learning-curve and table charts drawn with
 * XChart, and the Markdown / JSON form of the reproduced Table 1.
 */
package io.sandwich.report;
