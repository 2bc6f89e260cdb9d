/**
 * The {@code compare} command: runs every scenario against every echo server in separate JVMs
 * pinned to separate CPUs, for several rounds in rotating order, and reports medians and ratios to
 * Netty as a markdown table, a JSON document and an SVG chart, with the facts about the machine a
 * reader needs to judge them.
 */
package dev.sockloop.benchmarks.compare;
