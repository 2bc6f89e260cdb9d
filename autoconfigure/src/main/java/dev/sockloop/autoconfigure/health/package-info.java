/**
 * Health of the event loops: the {@code sockloop} health indicator (DOWN when a loop thread died,
 * a loop is stuck in one iteration or a server stopped) and the
 * {@link dev.sockloop.autoconfigure.health.BlockedLoopDetector}, which logs the stack trace of a
 * loop thread that a handler blocks and needs no Actuator.
 */
package dev.sockloop.autoconfigure.health;
