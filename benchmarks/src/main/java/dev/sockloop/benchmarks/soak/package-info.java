/**
 * The {@code soak} command's run and verdict: a long echo-plus-churn run in one JVM whose open
 * file descriptors, threads and heap after GC are compared between warm-up and end, failing when
 * they grew.
 */
package dev.sockloop.benchmarks.soak;
