/**
 * The echo servers the benchmarks compare, one per {@link dev.sockloop.benchmarks.server.Transport}
 * constant: Sockloop's raw engine and its Spring starter, plain java.nio, Netty and Reactor
 * Netty, each behind {@link dev.sockloop.benchmarks.server.EchoServer}.
 */
package dev.sockloop.benchmarks.server;
