/**
 * Counters of loops, servers and their connections, for metrics and health: {@link
 * dev.sockloop.stats.LoopStats} per event loop, {@link dev.sockloop.stats.ServerStats} per server
 * (one {@link dev.sockloop.stats.ServerLoopStats} slice per loop, so that no two loops contend on
 * a counter), and the small fixed sets used as meter tags ({@link dev.sockloop.stats.CloseReason},
 * {@link dev.sockloop.stats.AcceptError}, {@link dev.sockloop.stats.WakeupCause}). Written by the
 * loops, readable from any thread.
 */
package dev.sockloop.stats;
