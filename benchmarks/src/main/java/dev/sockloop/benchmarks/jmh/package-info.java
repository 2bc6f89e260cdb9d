/**
 * JMH micro-benchmarks that price one piece of the engine on its own: frame decoding per codec,
 * a JNA socket call against a JNI one, and what the metrics listener adds to a loop iteration.
 * Run through the {@code jmh} subcommand.
 */
package dev.sockloop.benchmarks.jmh;
