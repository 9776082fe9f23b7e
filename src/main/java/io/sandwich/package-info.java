/** Root package of sandwich. */
package io.sandwich;
