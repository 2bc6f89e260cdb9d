/**
 * Output helpers shared by the commands: just enough JSON to print one result line and read it
 * back, without a serialisation library in the benchmarks jar.
 */
package dev.sockloop.benchmarks.report;
