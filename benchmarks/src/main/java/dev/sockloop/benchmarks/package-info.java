/**
 * The benchmarks' command line: {@link dev.sockloop.benchmarks.BenchmarkMain} dispatches to one
 * command per subcommand ({@code echo-server}, {@code load}, {@code churn}, {@code idle},
 * {@code compare}, {@code soak}, {@code jmh}), each reading its options through
 * {@link dev.sockloop.benchmarks.Arguments}, which rejects a misspelled option rather than run
 * with defaults.
 */
package dev.sockloop.benchmarks;
